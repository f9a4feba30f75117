{{/*
The instance's host: the custom domain when set, else <slug>.<baseDomain>.
*/}}
{{- define "tenant.host" -}}
{{- if .Values.customDomain -}}
{{- .Values.customDomain | lower -}}
{{- else -}}
{{- printf "%s.%s" (required "tenant.slug is required" .Values.tenant.slug) .Values.baseDomain | lower -}}
{{- end -}}
{{- end -}}

{{/*
Labels that select a component's pods. Never change them: Deployment and StatefulSet selectors are
immutable. Call with (dict "root" $ "component" "app").
*/}}
{{- define "tenant.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
Labels that never change between chart versions (also used in volumeClaimTemplates, which are
immutable). Call with (dict "root" $ "component" "app").
*/}}
{{- define "tenant.stableLabels" -}}
{{ include "tenant.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: tenant-instance
tenancy.dev/managed-by: tenancy
tenancy.dev/tenant: {{ required "tenant.id is required" .root.Values.tenant.id | quote }}
tenancy.dev/tenant-slug: {{ required "tenant.slug is required" .root.Values.tenant.slug | quote }}
{{- end -}}

{{/*
Every object's labels. Call with (dict "root" $ "component" "app" "version" "1.0.0").
*/}}
{{- define "tenant.labels" -}}
{{ include "tenant.stableLabels" . }}
app.kubernetes.io/version: {{ .version | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Pod template labels: no helm.sh/chart, so that a chart-only upgrade restarts no pod (the database
included). Call with (dict "root" $ "component" "app" "version" "1.0.0").
*/}}
{{- define "tenant.podLabels" -}}
{{ include "tenant.stableLabels" . }}
app.kubernetes.io/version: {{ .version | toString | trunc 63 | trimSuffix "-" | quote }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "tenant.appTag" -}}
{{- .Values.app.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/*
Pod Security "restricted" at pod level. Call with the UID.
*/}}
{{- define "tenant.podSecurityContext" -}}
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
{{- define "tenant.containerSecurityContext" -}}
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
{{- define "tenant.podCommon" -}}
serviceAccountName: {{ .Values.serviceAccountName }}
automountServiceAccountToken: false
enableServiceLinks: false
{{- end -}}

{{/*
The spec of a chart-owned PersistentVolumeClaim. A claim that already exists keeps its spec as it
is (access modes and class cannot change; growing needs a StorageClass that allows expansion and
is done on the claim itself, by the plan change's resize-volumes step), so a plan change never
fails on a volume.
Call with (dict "root" $ "name" "app-data" "accessModes" (list "ReadWriteOnce") "storageClassName" "" "size" "1Gi").
*/}}
{{- define "tenant.claimSpec" -}}
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

{{- define "tenant.storageClass" -}}
{{- with .Values.storageClassName }}
storageClassName: {{ . }}
{{- end }}
{{- end -}}

{{/*
The CronJob apiVersion: batch/v1 (Kubernetes 1.21+, and what `helm template` renders), or
batch/v1beta1 on a cluster that serves only that (1.20).
*/}}
{{- define "tenant.cronJobApiVersion" -}}
{{- if and (.Capabilities.APIVersions.Has "batch/v1beta1/CronJob") (not (.Capabilities.APIVersions.Has "batch/v1/CronJob")) -}}
batch/v1beta1
{{- else -}}
batch/v1
{{- end -}}
{{- end -}}

{{/*
The PodDisruptionBudget apiVersion the cluster serves (policy/v1 from Kubernetes 1.21); "" when none.
*/}}
{{- define "tenant.pdbApiVersion" -}}
{{- if .Capabilities.APIVersions.Has "policy/v1" -}}
policy/v1
{{- end -}}
{{- end -}}
