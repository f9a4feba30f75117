{{/*
The instance's host (Tenancy's `host` fact: <slug>.<baseDomain>, or the verified custom domain).
*/}}
{{- define "ppf.host" -}}
{{- required "host is required" .Values.host | lower -}}
{{- end -}}

{{/*
The MinIO console's own host (Tenancy's `host.minio` fact: minio-<slug>.<baseDomain>).
*/}}
{{- define "ppf.consoleHost" -}}
{{- required "minio.console.host is required" .Values.minio.console.host | lower -}}
{{- end -}}

{{/*
Labels that select a component's pods. Never change them: Deployment and StatefulSet selectors
are immutable. Call with (dict "root" $ "component" "photoprism").
*/}}
{{- define "ppf.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
Labels that never change between chart versions: also used in volumeClaimTemplates, which are
immutable. Call with (dict "root" $ "component" "mariadb").
*/}}
{{- define "ppf.stableLabels" -}}
{{ include "ppf.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: {{ .root.Chart.Name }}
tenancy.dev/managed-by: tenancy
tenancy.dev/tenant: {{ required "tenant.id is required" .root.Values.tenant.id | quote }}
tenancy.dev/tenant-slug: {{ required "tenant.slug is required" .root.Values.tenant.slug | quote }}
{{- end -}}

{{/*
Every object's labels. Call with (dict "root" $ "component" "photoprism" "version" "251130").
*/}}
{{- define "ppf.labels" -}}
{{ include "ppf.stableLabels" . }}
app.kubernetes.io/version: {{ .version | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Pod template labels: neither helm.sh/chart nor app.kubernetes.io/version, so that an upgrade
that changes neither the image nor the pod spec restarts no pod. Call with (dict "root" $ "component" "minio").
*/}}
{{- define "ppf.podLabels" -}}
{{ include "ppf.stableLabels" . }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "ppf.photoprismTag" -}}
{{- .Values.photoprism.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/*
Pod Security "restricted" at pod level. Call with the UID (also the GID and fsGroup).
*/}}
{{- define "ppf.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
Pod Security "restricted" for every container (init containers included).
*/}}
{{- define "ppf.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
What every pod spec shares: the tenant's ServiceAccount without an API token, no service links.
*/}}
{{- define "ppf.podCommon" -}}
serviceAccountName: {{ required "serviceAccountName is required" .Values.serviceAccountName }}
automountServiceAccountToken: false
enableServiceLinks: false
{{- end -}}

{{/*
The spec of a chart-owned PersistentVolumeClaim. A claim that already exists keeps its spec
(access modes and class cannot change; growing is done on the claim itself by Tenancy's
resize-volumes step), so that a plan change never fails on a volume.
Call with (dict "root" $ "name" "originals" "accessModes" (list "ReadWriteOnce") "storageClassName" "" "size" "1Gi").
*/}}
{{- define "ppf.claimSpec" -}}
{{- $existing := lookup "v1" "PersistentVolumeClaim" .root.Release.Namespace .name -}}
{{- if and $existing $existing.spec -}}
accessModes:
  {{- toYaml $existing.spec.accessModes | nindent 2 }}
{{- with $existing.spec.storageClassName }}
storageClassName: {{ . }}
{{- end }}
resources:
  requests:
    storage: {{ $existing.spec.resources.requests.storage | quote }}
{{- else -}}
accessModes:
  {{- toYaml .accessModes | nindent 2 }}
{{- with .storageClassName }}
storageClassName: {{ . }}
{{- end }}
resources:
  requests:
    storage: {{ .size | quote }}
{{- end -}}
{{- end -}}

{{/*
The access modes a claim has in the cluster (an existing claim keeps its own), else the given ones.
Call with (dict "root" $ "name" "originals" "accessModes" (list "ReadWriteOnce")). Renders a JSON list.
*/}}
{{- define "ppf.claimAccessModes" -}}
{{- $existing := lookup "v1" "PersistentVolumeClaim" .root.Release.Namespace .name -}}
{{- if and $existing $existing.spec -}}
{{- toJson $existing.spec.accessModes -}}
{{- else -}}
{{- toJson .accessModes -}}
{{- end -}}
{{- end -}}

{{/*
An environment variable read from the credentials Secret. Call with (dict "root" $ "name" "ENV" "key" "admin-password").
*/}}
{{- define "ppf.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ required "credentials.secretName is required" .root.Values.credentials.secretName }}
      key: {{ required (printf "the credentials key for %s is required" .name) .key }}
{{- end -}}
