package bot

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"

	"github.com/aimlater/aimlater/experiments"
)

// metadataKeyBytes is the size of a fresh MetadataKey.
const metadataKeyBytes = 32

// newMetadataKey returns a random key. crypto/rand does not fail on the
// platforms Go supports (it crashes the program instead).
func newMetadataKey() []byte {
	key := make([]byte, metadataKeyBytes)
	_, _ = rand.Read(key)
	return key
}

// sealed is a modal state: modalState, or a state that embeds it.
type sealed interface{ base() *modalState }

func (m *modalState) base() *modalState { return m }

// sealState returns st as private_metadata: its JSON, with an HMAC of that
// JSON in its "sig" field.
func (a *App) sealState(st sealed) string {
	st.base().Sig = ""
	raw, _ := json.Marshal(st) // modal states are strings and ints: they marshal
	st.base().Sig = a.mac(raw)
	out, _ := json.Marshal(st)
	return string(out)
}

// openState reads private_metadata into st and reports whether the bot
// sealed it. The seal is checked on st marshalled again without it, so what
// is verified is exactly what the caller reads.
func (a *App) openState(meta string, st sealed) bool {
	if json.Unmarshal([]byte(meta), st) != nil {
		return false
	}
	got := st.base().Sig
	st.base().Sig = ""
	raw, err := json.Marshal(st)
	return err == nil && got != "" && hmac.Equal([]byte(got), []byte(a.mac(raw)))
}

func (a *App) mac(raw []byte) string {
	h := hmac.New(sha256.New, a.MetadataKey)
	h.Write([]byte("aimlater private_metadata v1\x00"))
	h.Write(raw)
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

// openSubmission reads a submission's sealed state into st: the bot wrote
// it, for this team and this user. Anything else is refused, logged at warn
// with no byte of the metadata, and answered with a fixed text.
func (a *App) openSubmission(s Submission, st sealed) error {
	if !a.openState(s.Metadata, st) || st.base().Team != s.Team || st.base().User != s.User {
		a.log.Warn("view submission refused: private_metadata is not one the bot sealed for this user",
			"callback_id", s.CallbackID, "team", s.Team, "user", s.User, "metadata_bytes", len(s.Metadata))
		return errFormExpired
	}
	return nil
}

// errFormExpired answers a form the bot cannot vouch for: forged, or sealed
// with a key the bot no longer has (a database restored from elsewhere).
var errFormExpired = experiments.Errorf(experiments.EINVALID,
	"This form has expired. Close it and open it again, e.g. with `/exp new` or `/exp edit #4`.")

// errForgedButton answers a click whose button value the bot did not write.
var errForgedButton = experiments.Errorf(experiments.EINVALID,
	"That button does not work any more. Nothing changed. Use `/exp list` to find the experiment.")

// errNotYourCheckIn answers a check-in button or form used by someone other
// than the experiment's owner. It does not name the owner: the clicker may
// not be in the experiment's channel, and nothing leaks across channels.
var errNotYourCheckIn = experiments.Errorf(experiments.EINVALID,
	"This is someone else's check-in: only the experiment's owner can log or decide it from their DM. Nothing changed. "+
		"To log a result of your own, use `/exp log #4 412`.")

// refuse logs a payload that asks for something its sender may not do, and
// returns err, the fixed text the sender sees.
func (a *App) refuse(err error, why string, args ...any) error {
	a.log.Warn("interactive payload refused: "+why, args...)
	return err
}
