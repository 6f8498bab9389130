package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// maxBody bounds an interaction's body.
const maxBody = 1 << 20

// HTTPHandler serves Discord's HTTP interactions endpoint. Every request
// is verified: the ed25519 signature (X-Signature-Ed25519) over
// X-Signature-Timestamp and the body with PublicKey, and the timestamp
// within five minutes of the Clock's now; anything else is refused with
// 401 and delivered nowhere. PING is answered with PONG; slash commands
// are deferred at once and delivered afterwards; clicks and form
// submissions are delivered and answered in the response.
func (a *Adapter) HTTPHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil || len(body) > maxBody {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if !a.verify(r.Header, body) {
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			http.Error(w, "bad interaction", http.StatusBadRequest)
			return
		}
		if i.Type == discordgo.InteractionPing {
			writeJSON(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
			return
		}
		// The first response is the HTTP response. Slash commands are
		// answered before their (possibly slower) delivery, which then
		// runs on its own.
		ctx := context.WithoutCancel(r.Context())
		first := make(chan *discordgo.InteractionResponse, 1)
		done := make(chan struct{})
		go func() {
			defer close(done)
			a.interaction(ctx, &i, func(resp *discordgo.InteractionResponse) error {
				first <- resp
				return nil
			})
		}()
		select {
		case resp := <-first:
			writeJSON(w, resp)
		case <-done:
			select {
			case resp := <-first:
				writeJSON(w, resp)
			default:
				w.WriteHeader(http.StatusNoContent)
			}
		}
	})
}

// verify checks the request's signature and that its timestamp is within
// the replay window.
func (a *Adapter) verify(h http.Header, body []byte) bool {
	if a.pub == nil {
		return false
	}
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	ts := h.Get("X-Signature-Timestamp")
	if err != nil || len(sig) != ed25519.SignatureSize || ts == "" {
		return false
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	if d := a.clock.Now().Sub(time.Unix(secs, 0)); d > replayWindow || d < -replayWindow {
		return false
	}
	return ed25519.Verify(a.pub, append([]byte(ts), body...), sig)
}

func writeJSON(w http.ResponseWriter, v any) {
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	_, _ = w.Write(b.Bytes())
}
