{{/*
The instance's host (Tenancy's `host` fact: <slug>.<baseDomain>, or the verified custom domain).
*/}}
{{- define "iot.host" -}}
{{- required "host is required" .Values.host | lower -}}
{{- end -}}

{{/*
Labels that select a component's pods. Never change them: Deployment and StatefulSet selectors are
immutable. Call with (dict "root" $ "component" "api").
*/}}
{{- define "iot.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
Labels that never change between chart versions: also used in volumeClaimTemplates, which are
immutable. Call with (dict "root" $ "component" "api").
*/}}
{{- define "iot.stableLabels" -}}
{{ include "iot.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: iot-platform
tenancy.dev/managed-by: tenancy
tenancy.dev/tenant: {{ required "tenant.id is required" .root.Values.tenant.id | quote }}
tenancy.dev/tenant-slug: {{ required "tenant.slug is required" .root.Values.tenant.slug | quote }}
{{- end -}}

{{/*
Every object's labels. Call with (dict "root" $ "component" "api" "version" "1.0.0").
*/}}
{{- define "iot.labels" -}}
{{ include "iot.stableLabels" . }}
app.kubernetes.io/version: {{ .version | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Pod template labels: no helm.sh/chart and no app.kubernetes.io/version, so that an upgrade that
changes neither the image nor the pod's configuration restarts no pod. Call with (dict "root" $ "component" "api").
*/}}
{{- define "iot.podLabels" -}}
{{ include "iot.stableLabels" . }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The API and dashboard image tags: the value, or the chart's appVersion. */}}
{{- define "iot.apiTag" -}}
{{- .Values.api.image.tag | default .Chart.AppVersion -}}
{{- end -}}
{{- define "iot.dashboardTag" -}}
{{- .Values.dashboard.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/*
Pod Security "restricted" at pod level. Call with the UID (also the GID and fsGroup).
*/}}
{{- define "iot.podSecurityContext" -}}
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
{{- define "iot.containerSecurityContext" -}}
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
{{- define "iot.podCommon" -}}
serviceAccountName: {{ .Values.serviceAccountName }}
automountServiceAccountToken: false
enableServiceLinks: false
{{- end -}}

{{/*
Spread a component's replicas over nodes when it has more than one (preferred, never required).
Call with (dict "root" $ "component" "api" "replicas" 2).
*/}}
{{- define "iot.spread" -}}
{{- if gt (int .replicas) 1 }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "iot.selectorLabels" (dict "root" .root "component" .component) | nindent 14 }}
{{- end }}
{{- end -}}

{{/*
The spec of a chart-owned PersistentVolumeClaim. A claim that already exists keeps its spec (access
modes and class cannot change; growing is done on the claim itself by Tenancy's resize-volumes
step), so a plan change never fails on a volume.
Call with (dict "root" $ "name" "mosquitto-data" "size" "1Gi").
*/}}
{{- define "iot.claimSpec" -}}
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
  - ReadWriteOnce
{{- with .root.Values.storageClassName }}
storageClassName: {{ . }}
{{- end }}
resources:
  requests:
    storage: {{ .size | quote }}
{{- end -}}
{{- end -}}

{{/* The PostgreSQL connection every client gets (plain values; the password comes from the Secret). */}}
{{- define "iot.databaseEnv" -}}
- name: DATABASE_HOST
  value: postgres
- name: DATABASE_PORT
  value: "5432"
- name: DATABASE_NAME
  value: {{ .Values.database.name | quote }}
- name: DATABASE_USER
  value: {{ .Values.database.user | quote }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.credentials.secretName }}
      key: {{ .Values.credentials.databasePasswordKey }}
{{- end -}}

{{/*
The CronJob apiVersion: batch/v1 (Kubernetes 1.21+, and what `helm template` renders), or
batch/v1beta1 on a cluster that serves only that (1.20).
*/}}
{{- define "iot.cronJobApiVersion" -}}
{{- if and (.Capabilities.APIVersions.Has "batch/v1beta1/CronJob") (not (.Capabilities.APIVersions.Has "batch/v1/CronJob")) -}}
batch/v1beta1
{{- else -}}
batch/v1
{{- end -}}
{{- end -}}
