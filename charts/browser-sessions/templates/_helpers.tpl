{{/*
Labels that select a component's pods. Never change them: Deployment selectors are immutable.
Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "bs.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
Labels that never change between chart versions: what pod templates carry (no helm.sh/chart and
no app.kubernetes.io/version, so that an upgrade restarts no pod needlessly).
Call with (dict "root" $ "component" "gateway").
*/}}
{{- define "bs.podLabels" -}}
{{ include "bs.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: browser-sessions
tenancy.dev/managed-by: tenancy
tenancy.dev/tenant: {{ required "tenant.id is required" .root.Values.tenant.id | quote }}
tenancy.dev/tenant-slug: {{ required "tenant.slug is required" .root.Values.tenant.slug | quote }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Every object's labels. Call with (dict "root" $ "component" "gateway" "version" "1.0.0").
*/}}
{{- define "bs.labels" -}}
{{ include "bs.podLabels" . }}
app.kubernetes.io/version: {{ .version | toString | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "bs.gatewayTag" -}}
{{- .Values.gateway.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/*
The instance's host (Tenancy's `host` fact: <slug>.<baseDomain> or the verified custom domain).
*/}}
{{- define "bs.host" -}}
{{- required "host is required" .Values.host | lower -}}
{{- end -}}

{{/*
Pod Security "restricted" at pod level. Call with the UID.
*/}}
{{- define "bs.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
Pod Security "restricted" for every container.
*/}}
{{- define "bs.containerSecurityContext" -}}
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
{{- define "bs.podCommon" -}}
serviceAccountName: {{ .Values.serviceAccountName }}
automountServiceAccountToken: false
enableServiceLinks: false
{{- end -}}

{{/*
The HorizontalPodAutoscaler apiVersion: autoscaling/v2 (Kubernetes 1.23+, and what `helm template`
renders), or autoscaling/v2beta2 on a cluster that serves only that (1.20–1.22; the same fields,
`behavior` included).
*/}}
{{- define "bs.hpaApiVersion" -}}
{{- /* A cluster lists group/version/Kind (helm's discovery); `helm template` only group/versions, so --api-versions
autoscaling/v2beta2/HorizontalPodAutoscaler renders the old one. */ -}}
{{- if and (.Capabilities.APIVersions.Has "autoscaling/v2beta2/HorizontalPodAutoscaler") (not (.Capabilities.APIVersions.Has "autoscaling/v2/HorizontalPodAutoscaler")) -}}
autoscaling/v2beta2
{{- else -}}
autoscaling/v2
{{- end -}}
{{- end -}}
