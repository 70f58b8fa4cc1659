package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// opsServer is serve's operations listener on AIMLATER_HTTP_ADDR: /healthz
// and /metrics (health.go, metrics.go), and the profiler under
// /debug/pprof/ when AIMLATER_PPROF=1, so the next profile of a live bot
// needs no outside tool. It has a mux of its own: nothing registered on
// http.DefaultServeMux by a library reaches it.
type opsServer struct {
	srv  *http.Server
	ln   net.Listener
	done chan struct{}
}

// startOps listens on cfg's HTTPAddr, or returns nil when it is empty.
func startOps(cfg Config, log *slog.Logger, obs *observability) (*opsServer, error) {
	if cfg.HTTPAddr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return nil, err
	}
	o := &opsServer{ln: ln, done: make(chan struct{}), srv: &http.Server{
		Handler: opsMux(cfg.PProf == "1", obs), ReadHeaderTimeout: 10 * time.Second}}
	go func() {
		defer close(o.done)
		if err := o.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("operations listener stopped", "err", err)
		}
	}()
	log.Info("operations listener", "addr", ln.Addr().String(), "pprof", cfg.PProf == "1")
	return o, nil
}

// opsMux routes the operations listener; with pprof off, /debug/pprof/
// answers 404.
func opsMux(withPProf bool, obs *observability) *http.ServeMux {
	mux := http.NewServeMux()
	obs.routes(mux)
	if withPProf {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	return mux
}

// stop shuts the listener down, waiting up to a few seconds for requests
// in progress (a 30 s CPU profile is cut short).
func (o *opsServer) stop() {
	if o == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if o.srv.Shutdown(ctx) != nil {
		o.srv.Close()
	}
	<-o.done
}
