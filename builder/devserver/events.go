package devserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// hub fans build events out to every open page over server-sent events.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]bool
	last    *event // the current error, shown to pages opened after it
	closed  bool
}

type event struct{ name, data string }

func newHub() *hub { return &hub{clients: map[chan event]bool{}} }

// send tells every page; a page that is not reading misses the event
// rather than hold up a build.
func (h *hub) send(name, data string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ev := event{name, data}
	if name == "error" {
		h.last = &ev
	} else {
		h.last = nil
	}
	for c := range h.clients {
		select {
		case c <- ev:
		default:
		}
	}
}

func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		close(c)
		delete(h.clients, c)
	}
}

// serve streams events to one page until it leaves or the hub closes.
func (h *hub) serve(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 4)
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.clients[c] = true
	if h.last != nil {
		c <- *h.last
	}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, ": connected\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return
			}
			data, _ := json.Marshal(ev.data)
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, data)
			flusher.Flush()
		}
	}
}
