// Package conformance holds tests that run podmux's exec client against Kubernetes' own server
// code (kubelet's streaming server ServeExec from k8s.io/cri-streaming, kube-apiserver's v5
// StreamTranslatorHandler from k8s.io/apiserver) and client-go's executors against podmux's local
// server. It is a module of its own so those heavy modules stay out of podmux's; .ci/run runs it.
package conformance
