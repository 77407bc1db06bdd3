{{/*
The chart name.
*/}}
{{- define "chorus.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's full name, the prefix of every resource name, at most 63 characters.
*/}}
{{- define "chorus.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- include "chorus.fitName" .Values.fullnameOverride }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- include "chorus.fitName" .Release.Name }}
{{- else }}
{{- include "chorus.fitName" (printf "%s-%s" .Release.Name $name) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
A resource name cut to 63 characters, the limit of a DNS label (Service names, pod host names, label
values). A longer name keeps its first 54 characters and gets "-" and 8 hex digits of its own SHA-256, so two
long names that differ only at the end (gateway and gateway-metrics) stay different. Call with the name.
*/}}
{{- define "chorus.fitName" -}}
{{- if le (len .) 63 }}
{{- . }}
{{- else }}
{{- printf "%s-%s" (trunc 54 . | trimSuffix "-") (sha256sum . | trunc 8) }}
{{- end }}
{{- end }}

{{/*
The name of one component's resources. Call with (dict "ctx" $ "component" "gateway").
*/}}
{{- define "chorus.componentName" -}}
{{- include "chorus.fitName" (printf "%s-%s" (include "chorus.fullname" .ctx) .component) }}
{{- end }}

{{/*
The name of a resource of the release: the full name and a suffix, cut to fit. Call with (list $ "suffix").
*/}}
{{- define "chorus.resourceName" -}}
{{- include "chorus.fitName" (printf "%s-%s" (include "chorus.fullname" (index . 0)) (index . 1)) }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "chorus.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of one component. Call with (dict "ctx" $ "component" "gateway").
*/}}
{{- define "chorus.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chorus.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
All labels of one component's resources. Call with (dict "ctx" $ "component" "gateway"); component may be
empty for resources shared by the release.
*/}}
{{- define "chorus.labels" -}}
helm.sh/chart: {{ include "chorus.chart" .ctx }}
app.kubernetes.io/name: {{ include "chorus.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: chorus
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The ServiceAccount the pods run as.
*/}}
{{- define "chorus.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "chorus.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
An application image reference. Call with (dict "ctx" $ "image" .Values.gateway.image).
*/}}
{{- define "chorus.image" -}}
{{- $tag := default (default .ctx.Chart.AppVersion .ctx.Values.image.tag) .image.tag }}
{{- $repository := .image.repository }}
{{- if .ctx.Values.image.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" .ctx.Values.image.registry) .image.repository }}
{{- end }}
{{- if .image.digest }}
{{- printf "%s@%s" $repository .image.digest }}
{{- else }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by every Chorus pod: service account, security context, pull secrets.
*/}}
{{- define "chorus.podCommon" -}}
serviceAccountName: {{ include "chorus.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
enableServiceLinks: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Node placement of a component's pods. Call with the component's values.
*/}}
{{- define "chorus.placement" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Topology spread over zones and nodes. Call with (dict "ctx" $ "component" "gateway" "values" .Values.gateway).
*/}}
{{- define "chorus.topologySpread" -}}
{{- if .values.topologySpread.enabled }}
topologySpreadConstraints:
  {{- range list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
  - maxSkew: {{ $.values.topologySpread.maxSkew }}
    topologyKey: {{ . }}
    whenUnsatisfiable: {{ $.values.topologySpread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "chorus.selectorLabels" $ | nindent 8 }}
    {{- if semverCompare ">=1.27-0" $.ctx.Capabilities.KubeVersion.Version }}
    # Count only the pods of the current ReplicaSet, so a rolling update is spread like a fresh rollout.
    matchLabelKeys:
      - pod-template-hash
    {{- end }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
The writable /tmp of a read-only root filesystem.
*/}}
{{- define "chorus.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{/*
The preStop pause: the native sleep action where the cluster has it (Kubernetes 1.30+), else the image's
sleep binary. Either way there is no shell.
*/}}
{{- define "chorus.preStop" -}}
preStop:
  {{- if semverCompare ">=1.30-0" .Capabilities.KubeVersion.Version }}
  sleep:
    seconds: {{ .Values.shutdown.preStopSeconds }}
  {{- else }}
  exec:
    command: ["sleep", "{{ .Values.shutdown.preStopSeconds }}"]
  {{- end }}
{{- end }}

{{/*
Fails the render when the grace period cannot cover the preStop pause and Spring's drain.
*/}}
{{- define "chorus.validateShutdown" -}}
{{- $needed := add .Values.shutdown.preStopSeconds .Values.shutdown.drainSeconds }}
{{- if le (int .Values.shutdown.terminationGracePeriodSeconds) (int $needed) }}
{{- fail (printf "shutdown.terminationGracePeriodSeconds (%d) must be longer than shutdown.preStopSeconds + shutdown.drainSeconds (%d), or Kubernetes kills pods before in-flight requests finish" (int .Values.shutdown.terminationGracePeriodSeconds) (int $needed)) }}
{{- end }}
{{- end }}

{{/*
The mock model servers' in-cluster base URL.
*/}}
{{- define "chorus.mocksUrl" -}}
{{- printf "http://%s:%d" (include "chorus.componentName" (dict "ctx" . "component" "mocks")) (int .Values.mocks.service.port) }}
{{- end }}

{{/*
ensemble-service's in-cluster base URL, the gateway's route target.
*/}}
{{- define "chorus.ensembleServiceUrl" -}}
{{- printf "http://%s:%d" (include "chorus.componentName" (dict "ctx" . "component" "ensemble-service")) (int .Values.ensembleService.service.port) }}
{{- end }}

{{/*
The demo ensembles over the mock models, as YAML. The same three ensembles ensemble-service ships as its
local demo (with the weights chorus-weights fitted, docs/weights.md), pointed at the mocks' Service.
*/}}
{{- define "chorus.demoEnsembles" -}}
{{- $url := include "chorus.mocksUrl" . }}
iris:
  deadline: 1s
  quorum: majority
  waitPolicy: quorum-grace
  grace: 50ms
  strategy: soft-vote
  outputs: [probabilities]
  labelOutput: label
  v1Input: features
  members:
    - {name: sepal, model: iris-sepal, replicas: [{{ $url | quote }}], weight: 0.0, timeout: 500ms}
    - {name: petal, model: iris-petal, replicas: [{{ $url | quote }}], weight: 0.0, timeout: 500ms}
    - {name: full, model: iris-full, replicas: [{{ $url | quote }}], weight: 1.0, timeout: 500ms}
iris-vote:
  deadline: 1s
  quorum: 2
  waitPolicy: all
  strategy: majority-vote
  outputs: [probabilities]
  v1Input: features
  members:
    - {name: sepal, model: iris-sepal, replicas: [{{ $url | quote }}], timeout: 500ms}
    - {name: petal, model: iris-petal, replicas: [{{ $url | quote }}], timeout: 500ms}
    - {name: full, model: iris-full, replicas: [{{ $url | quote }}], timeout: 500ms}
petal-width:
  deadline: 1s
  quorum: 1
  strategy: weighted-mean
  outputs: [prediction]
  v1Input: features
  members:
    - {name: linear-3, model: iris-petal-width, replicas: [{{ $url | quote }}], weight: 1.0, timeout: 500ms}
    - {name: linear-1, model: iris-petal-width-petal, replicas: [{{ $url | quote }}], weight: 0.0, timeout: 500ms}
{{- end }}

{{/*
The ensembles served, as YAML: the demo ensembles when the mocks are on, then .Values.ensembles, whose
entries win. Fails the render on a quorum ensemble-service would refuse, naming the key.
*/}}
{{- define "chorus.ensembles" -}}
{{- $ensembles := dict }}
{{- if and .Values.mocks.enabled .Values.mocks.demoEnsembles }}
{{- $ensembles = fromYaml (include "chorus.demoEnsembles" .) }}
{{- end }}
{{- range $name, $ensemble := .Values.ensembles }}
{{- $_ := set $ensembles $name $ensemble }}
{{- end }}
{{- range $name, $ensemble := $ensembles }}
{{- $members := len (default list $ensemble.members) }}
{{- $quorum := toString (default "majority" $ensemble.quorum) }}
{{- if regexMatch "^[0-9]+$" $quorum }}
{{- if gt (atoi $quorum) $members }}
{{- fail (printf "ensembles.%s.quorum: %s is larger than the member count (%d)" $name $quorum $members) }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $ensembles }}
{{- end }}

{{/*
The name of the ensemble "helm test" calls, or empty when there is none.
*/}}
{{- define "chorus.testEnsemble" -}}
{{- if .Values.tests.ensemble }}
{{- .Values.tests.ensemble }}
{{- else if and .Values.mocks.enabled .Values.mocks.demoEnsembles (not (hasKey .Values.ensembles "iris")) }}
{{- print "iris" }}
{{- else if .Values.ensembles }}
{{- first (sortAlpha (keys .Values.ensembles)) }}
{{- end }}
{{- end }}

{{/*
Whether the chart manages the test API key: the test has a plain key from values and the chart writes the
gateway's keys Secret.
*/}}
{{- define "chorus.chartTestKey" -}}
{{- if and .Values.tests.enabled .Values.tests.apiKey (not .Values.tests.existingSecret) (not .Values.apiKeys.existingSecret) (include "chorus.testEnsemble" .) }}true{{- end }}
{{- end }}

{{/*
Whether "helm test" runs: there is an ensemble to call and the test pod has a key the gateway accepts (its own
hook key, or a key the user names in tests.existingSecret), or the gateway needs no key.
*/}}
{{- define "chorus.testRuns" -}}
{{- if and .Values.tests.enabled (include "chorus.testEnsemble" .) (or (include "chorus.testKeySecretName" .) (not .Values.apiKeys.enabled)) }}true{{- end }}
{{- end }}

{{/*
The SHA-256 of the public demo key "chorus-demo-key", which the repository's local demo accepts.
*/}}
{{- define "chorus.demoKeySha256" -}}
85c4596183d8f0cdc181e1c60a30c9cee2a95105233b7ac24e797717d2fc7155
{{- end }}

{{/*
Fails the render when the gateway would have no key to accept, and when a key is the public demo key outside
the load-test mode (mocks.enabled).
*/}}
{{- define "chorus.validateApiKeys" -}}
{{- if and .Values.apiKeys.enabled (not .Values.apiKeys.existingSecret) (not .Values.apiKeys.keys) }}
{{- fail "no API key is configured, and the gateway refuses to start without one: set apiKeys.existingSecret to a Secret you created (recommended), or apiKeys.keys[].sha256; or set apiKeys.enabled=false to serve every request without authentication (docs/helm.md, section 4)" }}
{{- end }}
{{- if not .Values.mocks.enabled }}
{{- $demo := include "chorus.demoKeySha256" . }}
{{- range $i, $key := .Values.apiKeys.keys }}
{{- if or (eq (lower (toString $key.sha256)) $demo) (eq (toString $key.key) "chorus-demo-key") }}
{{- fail (printf "apiKeys.keys[%d] (client %q) is the public demo key chorus-demo-key, which anyone can read in the Chorus repository: create your own key (docs/helm.md, section 4). The demo key is accepted only in the load-test mode, mocks.enabled=true" $i (toString $key.client)) }}
{{- end }}
{{- end }}
{{- if eq (toString .Values.tests.apiKey) "chorus-demo-key" }}
{{- fail "tests.apiKey is the public demo key chorus-demo-key: choose another key, or set tests.existingSecret. The demo key is accepted only with mocks.enabled=true" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The Secret holding the gateway's keys file.
*/}}
{{- define "chorus.apiKeysSecretName" -}}
{{- default (include "chorus.resourceName" (list . "api-keys")) .Values.apiKeys.existingSecret }}
{{- end }}

{{/*
The gateway's keys file: one "client:sha256hex[:ensembles]" line per key. Only ever rendered into a Secret.
*/}}
{{- define "chorus.keysFile" -}}
# client:sha256hex[:ensemble1,ensemble2], one key per line (rendered by the chorus chart)
{{- range $i, $key := .Values.apiKeys.keys }}
{{- $hash := $key.sha256 | default (and $key.key (sha256sum $key.key)) }}
{{- if not $hash }}
{{- fail (printf "apiKeys.keys[%d] (client %q) needs sha256 or key" $i $key.client) }}
{{- end }}
{{- if and $key.sha256 $key.key }}
{{- fail (printf "apiKeys.keys[%d] (client %q) has both sha256 and key; give one" $i $key.client) }}
{{- end }}
{{ $key.client }}:{{ lower $hash }}{{ with $key.ensembles }}:{{ join "," . }}{{ end }}
{{- end }}
{{- if include "chorus.chartTestKey" . }}
helm-test:{{ sha256sum .Values.tests.apiKey }}:{{ include "chorus.testEnsemble" . }}
{{- end }}
{{- end }}

{{/*
A component's HorizontalPodAutoscaler on CPU. Call with (dict "ctx" $ "component" "gateway" "values" .Values.gateway).
*/}}
{{- define "chorus.horizontalPodAutoscaler" -}}
{{- if .values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "chorus.componentName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "chorus.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "chorus.componentName" . }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  {{- with .values.autoscaling.behavior }}
  behavior:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end }}

{{/*
A component's PodDisruptionBudget. Call with (dict "ctx" $ "component" "gateway" "values" .Values.gateway).
*/}}
{{- define "chorus.podDisruptionBudget" -}}
{{- if .values.podDisruptionBudget.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "chorus.componentName" . }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "chorus.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .values.podDisruptionBudget.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "chorus.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end }}

{{/*
A component's ClusterIP Service for its management port, scraped through the ServiceMonitor.
Call with (dict "ctx" $ "component" "gateway").
*/}}
{{- define "chorus.metricsService" -}}
{{- if .ctx.Values.metrics.serviceMonitor.enabled }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "chorus.resourceName" (list .ctx (printf "%s-metrics" .component)) }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "chorus.labels" . | nindent 4 }}
    chorus.io/metrics: "true"
spec:
  type: ClusterIP
  selector:
    {{- include "chorus.selectorLabels" . | nindent 4 }}
  ports:
    - name: management
      port: {{ .port }}
      targetPort: management
      protocol: TCP
{{- end }}
{{- end }}

{{/*
An ingress rule admitting the metrics scrapers to the management port, when any are configured.
*/}}
{{- define "chorus.metricsIngressRule" -}}
{{- with .Values.networkPolicy.metricsFrom }}
- from:
    {{- toYaml . | nindent 4 }}
  ports:
    - port: management
      protocol: TCP
{{- end }}
{{- end }}

{{/*
The Secret holding the plain API key "helm test" sends, or empty when the test sends none.
*/}}
{{- define "chorus.testKeySecretName" -}}
{{- if .Values.tests.existingSecret }}
{{- .Values.tests.existingSecret }}
{{- else if include "chorus.chartTestKey" . }}
{{- include "chorus.resourceName" (list . "test-api-key") }}
{{- end }}
{{- end }}

{{/*
Fails the render on a token bucket that cannot work: requestedTokens above burstCapacity refuses every
request; with Redis, a burstCapacity below half of replenishRate makes RedisRateLimiter's key TTL
(floor(2 * burstCapacity / replenishRate) seconds) zero, so its keys are never stored and it never limits.
The defaults are the gateway's own (RateLimitProperties.Bucket).
*/}}
{{- define "chorus.validateRateLimits" -}}
{{- $rateLimit := .Values.gateway.rateLimit }}
{{- $buckets := dict "gateway.rateLimit.defaults" $rateLimit.defaults }}
{{- range $client, $bucket := $rateLimit.clients }}
{{- $_ := set $buckets (printf "gateway.rateLimit.clients.%s" $client) $bucket }}
{{- end }}
{{- range $key, $bucket := $buckets }}
{{- $rate := int (default 50 $bucket.replenishRate) }}
{{- $burst := int (default 100 $bucket.burstCapacity) }}
{{- $requested := int (default 1 $bucket.requestedTokens) }}
{{- if gt $requested $burst }}
{{- fail (printf "%s: requestedTokens (%d) is larger than burstCapacity (%d), so every request would get 429" $key $requested $burst) }}
{{- end }}
{{- if and (eq $rateLimit.backend "redis") (lt (mul 2 $burst) $rate) }}
{{- fail (printf "%s: burstCapacity (%d) is below half of replenishRate (%d): the Redis limiter would store its keys with a TTL of 0 seconds and never limit; set burstCapacity to at least %d" $key $burst $rate (div (add $rate 1) 2)) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
A memory quantity ("768Mi", "1Gi", "1G", "512M", "805306368") in whole MiB, rounded down. Call with the
quantity and a key for the error message: (list "768Mi" "gateway.resources.limits.memory").
*/}}
{{- define "chorus.mebibytes" -}}
{{- $quantity := toString (index . 0) }}
{{- $parts := regexFindAll "^([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$" $quantity -1 }}
{{- if not $parts }}
{{- fail (printf "%s: %q is not a memory quantity the chart can budget (use Ki, Mi, Gi, Ti, k, M, G, T or bytes)" (index . 1) $quantity) }}
{{- end }}
{{- $number := regexReplaceAll "[A-Za-z]+$" $quantity "" | float64 }}
{{- $unit := regexReplaceAll "^[0-9.]+" $quantity "" }}
{{- $factors := dict "" 0.00000095367431640625 "Ki" 0.0009765625 "Mi" 1.0 "Gi" 1024.0 "Ti" 1048576.0 "k" 0.0009536743164 "M" 0.95367431640625 "G" 953.67431640625 "T" 953674.31640625 }}
{{- mulf $number (get $factors $unit) | floor | int }}
{{- end }}

{{/*
A CPU quantity ("500m", "1", "1.5") rounded up to whole processors, at least 1.
*/}}
{{- define "chorus.processors" -}}
{{- $cpu := toString . }}
{{- if hasSuffix "m" $cpu }}
{{- max 1 (divf (trimSuffix "m" $cpu | float64) 1000.0 | ceil | int) }}
{{- else }}
{{- max 1 ($cpu | float64 | ceil | int) }}
{{- end }}
{{- end }}

{{/*
A component's JAVA_TOOL_OPTIONS: a memory budget that fits the container's memory limit and a processor
count tied to its CPU request (values.yaml, <component>.jvm, explains each part). Fails the render when the
limit cannot hold the budget. Call with (dict "key" "gateway" "values" .Values.gateway).
*/}}
{{- define "chorus.javaToolOptions" -}}
{{- $jvm := .values.jvm }}
{{- $limitValue := required (printf "%s.resources.limits.memory is required: the JVM's memory budget is cut from it" .key) (dig "limits" "memory" "" .values.resources) }}
{{- $limit := include "chorus.mebibytes" (list $limitValue (printf "%s.resources.limits.memory" .key)) | int }}
{{- /* Rounded down to 8Mi, a multiple of G1's region size for heaps below 16Gi, so the JVM keeps it as is. */}}
{{- $heap := mul (div (div (mul $limit (int $jvm.heapPercentage)) 100) 8) 8 }}
{{- $direct := div (mul $limit (int $jvm.directMemoryPercentage)) 100 }}
{{- $metaspace := include "chorus.mebibytes" (list $jvm.metaspaceSize (printf "%s.jvm.metaspaceSize" .key)) | int }}
{{- $codeCache := include "chorus.mebibytes" (list $jvm.codeCacheSize (printf "%s.jvm.codeCacheSize" .key)) | int }}
{{- $other := include "chorus.mebibytes" (list $jvm.otherSize (printf "%s.jvm.otherSize" .key)) | int }}
{{- $total := add $heap $direct $metaspace $codeCache $other }}
{{- if gt $total $limit }}
{{- fail (printf "%s.resources.limits.memory (%s = %dMi) cannot hold the JVM budget of %dMi: heap %dMi (%d%%) + direct memory %dMi (%d%%) + metaspace %dMi + code cache %dMi + other %dMi; raise the limit or lower %s.jvm" .key (toString $limitValue) $limit $total $heap (int $jvm.heapPercentage) $direct (int $jvm.directMemoryPercentage) $metaspace $codeCache $other .key) }}
{{- end }}
{{- $processors := int $jvm.activeProcessorCount }}
{{- if eq $processors 0 }}
{{- $processors = include "chorus.processors" (required (printf "%s.resources.requests.cpu is required: the JVM's processor count follows it" .key) (dig "requests" "cpu" "" .values.resources)) | int }}
{{- end }}
{{- $options := list (printf "-XX:ActiveProcessorCount=%d" $processors) (printf "-Xmx%dm" $heap) (printf "-XX:MaxDirectMemorySize=%dm" $direct) (printf "-XX:MaxMetaspaceSize=%dm" $metaspace) (printf "-XX:ReservedCodeCacheSize=%dm" $codeCache) }}
{{- if eq $jvm.nettyAllocator "pooled" }}
{{- $arenas := mul 2 $processors }}
{{- $options = concat $options (list "-Dio.netty.allocator.type=pooled" (printf "-Dio.netty.allocator.numDirectArenas=%d" $arenas) (printf "-Dio.netty.allocator.numHeapArenas=%d" $arenas)) }}
{{- end }}
{{- with .values.javaToolOptions }}
{{- $options = append $options . }}
{{- end }}
{{- join " " $options }}
{{- end }}

{{/*
The egress part of a component's NetworkPolicy when egress is restricted (networkPolicy.allowExternalEgress
false): DNS, then the component's own destinations. Call with (dict "ctx" $ "component" "gateway" "rules" list).
*/}}
{{- define "chorus.egress" -}}
{{- if not .ctx.Values.networkPolicy.allowExternalEgress }}
egress:
  # DNS.
  - to:
      {{- toYaml .ctx.Values.networkPolicy.dnsTo | nindent 6 }}
    ports:
      - {port: 53, protocol: UDP}
      - {port: 53, protocol: TCP}
  {{- with .rules }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
Fails the render when restricted egress would cut ensemble-service off its model servers or the gateway off Redis.
*/}}
{{- define "chorus.validateEgress" -}}
{{- if not .Values.networkPolicy.allowExternalEgress }}
{{- if and .Values.ensembles (not .Values.networkPolicy.membersEgress) }}
{{- fail "networkPolicy.allowExternalEgress is false but networkPolicy.membersEgress is empty: ensemble-service could not reach the model servers of .Values.ensembles; add egress rules to them (or set allowExternalEgress: true)" }}
{{- end }}
{{- if and (eq .Values.gateway.rateLimit.backend "redis") (not .Values.networkPolicy.redisEgress) }}
{{- fail "networkPolicy.allowExternalEgress is false but networkPolicy.redisEgress is empty: the gateway could not reach Redis and would stop limiting (it fails open); add an egress rule to Redis" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
A duration of the values schema (500ms, 2s, 1m; a bare number is milliseconds) in seconds, as a decimal number.
Call with the duration.
*/}}
{{- define "chorus.seconds" -}}
{{- $text := toString . }}
{{- $number := regexFind "^[0-9]+" $text | float64 }}
{{- $unit := trimPrefix (regexFind "^[0-9]+" $text) $text }}
{{- $scale := get (dict "ns" 1e-9 "us" 1e-6 "ms" 0.001 "" 0.001 "s" 1.0 "m" 60.0 "h" 3600.0 "d" 86400.0) $unit }}
{{- mulf $number $scale }}
{{- end }}

{{/*
Whether the PrometheusRule is rendered: metrics.prometheusRule.enabled, or when that is null, whether the
ServiceMonitor is.
*/}}
{{- define "chorus.prometheusRuleEnabled" -}}
{{- $enabled := .Values.metrics.prometheusRule.enabled }}
{{- if kindIs "invalid" $enabled }}{{ $enabled = .Values.metrics.serviceMonitor.enabled }}{{ end }}
{{- if $enabled }}true{{ end }}
{{- end }}

{{/*
Sets logging.structured.format.console in a service's configuration when logging.format is json, so the service
writes one JSON object per line (Spring Boot's structured logging); text leaves Boot's readable lines.
*/}}
{{- define "chorus.structuredLogging" -}}
{{- if eq .logging.format "json" }}
{{- $_ := set .config "logging" (dict "structured" (dict "format" (dict "console" .logging.jsonFormat))) }}
{{- end }}
{{- end }}

{{- /*
Both services' management.tracing settings from .Values.tracing: the sampled fraction always, the Zipkin export
only when enabled, and then with an endpoint (an empty one is refused rather than sending to localhost).
*/}}
{{- define "chorus.tracing" -}}
{{- $tracing := dict "sampling" (dict "probability" .Values.tracing.sampling) }}
{{- if .Values.tracing.enabled }}
{{- $_ := set $tracing "export" (dict "zipkin" (dict "enabled" true
  "endpoint" (required "tracing.zipkinEndpoint is required when tracing.enabled is true" .Values.tracing.zipkinEndpoint))) }}
{{- end }}
{{- toYaml $tracing }}
{{- end }}
