package fakeslack

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"time"
)

// UploadMethod is the name the fake records the POST of a file's bytes to
// its upload URL under, in Calls and for FailNext: it is not a Web API
// method, but it fails like one (a 500, a 429 with Retry-After).
const UploadMethod = "upload"

// maxUploadSize bounds the bytes of one uploaded file.
const maxUploadSize = 16 << 20

// File is a file uploaded through the files upload v2 flow.
type File struct {
	ID      string
	Name    string // the filename given to files.getUploadURLExternal
	Length  int    // the length announced there
	AltText string
	Title   string // given to files.completeUploadExternal
	// Data holds the bytes POSTed to the upload URL; nil until then.
	Data []byte
	// Channel, ThreadTS and TS say where files.completeUploadExternal
	// shared the file, and the ts of the message that shows it; Channel
	// is "" until then.
	Channel, ThreadTS, TS string
}

// addFiles serves the files upload v2 flow: files.getUploadURLExternal,
// the upload URL it hands out, and files.completeUploadExternal.
func (s *Server) addFiles(mux *http.ServeMux) {
	s.methods["files.getUploadURLExternal"] = s.filesGetUploadURLExternal
	s.methods["files.completeUploadExternal"] = s.filesCompleteUploadExternal
	mux.HandleFunc("POST /upload/{id}", s.handleUpload)
	mux.HandleFunc("POST /api/files.completeUploadExternal", s.handleComplete)
}

// DropCompleteAnswers makes the next n calls of files.completeUploadExternal
// share their files and then close the connection unanswered: the bot
// cannot tell whether the file is in Slack, as when it dies mid-call.
func (s *Server) DropCompleteAnswers(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropComplete += n
}

// handleComplete serves files.completeUploadExternal like any method,
// unless its answer is to be dropped (DropCompleteAnswers).
func (s *Server) handleComplete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	drop := s.dropComplete > 0
	if drop {
		s.dropComplete--
	}
	s.mu.Unlock()
	r.SetPathValue("method", "files.completeUploadExternal") // as /api/{method} would
	if !drop {
		s.handleAPI(w, r)
		return
	}
	s.handleAPI(httptest.NewRecorder(), r)
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
	}
}

// Files returns the files shared so far, in the order they were shared.
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return sharedLocked(s.files)
}

// WaitFiles waits until at least n files have been shared and returns them.
func (s *Server) WaitFiles(ctx context.Context, n int) ([]File, error) {
	return waitUntil(ctx, s, func() ([]File, bool) {
		shared := sharedLocked(s.files)
		return shared, len(shared) >= n
	})
}

// sharedLocked returns copies of the shared files, by their sharing ts.
func sharedLocked(files []*File) []File {
	out := []File{}
	for _, f := range files {
		if f.Channel != "" {
			out = append(out, *f)
		}
	}
	return out
}

func (s *Server) filesGetUploadURLExternal(c Call) any {
	length, err := strconv.Atoi(c.Param("length"))
	if c.Param("filename") == "" || err != nil || length <= 0 {
		return errorBody("invalid_arguments")
	}
	f := &File{ID: s.newID("F"), Name: c.Param("filename"), Length: length, AltText: c.Param("alt_txt")}
	s.mu.Lock()
	s.files = append(s.files, f)
	s.mu.Unlock()
	return map[string]any{"ok": true, "upload_url": s.baseURL + "/upload/" + f.ID, "file_id": f.ID}
}

// handleUpload takes a file's bytes, as a multipart form's "file" field
// (slack-go sends that) or as the raw body, and answers as Slack's upload
// URL does: 200 and "OK - <length>".
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	call := Call{Method: UploadMethod, Params: map[string]string{"file_id": r.PathValue("id")}, At: time.Now()}
	if f, failed := s.recordCall(&call); failed {
		writeFailure(w, f)
		return
	}
	data, err := uploadedBytes(r)
	if err != nil {
		http.Error(w, "bad upload", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	f := s.fileLocked(r.PathValue("id"))
	if f != nil {
		f.Data = data
	}
	s.mu.Unlock()
	if f == nil {
		http.Error(w, "no such upload", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(data)))
}

// uploadedBytes reads the file of an upload request.
func uploadedBytes(r *http.Request) ([]byte, error) {
	body := io.LimitReader(r.Body, maxUploadSize)
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		return io.ReadAll(body)
	}
	mr := multipart.NewReader(body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, err
		}
		if part.FormName() == "file" {
			return io.ReadAll(part)
		}
	}
}

// fileLocked returns the file of id, or nil. The caller holds s.mu.
func (s *Server) fileLocked(id string) *File {
	for _, f := range s.files {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// filesCompleteUploadExternal shares uploaded files in channel_id, in the
// thread of thread_ts when given, as one message showing them, which
// conversations.history and .replies then list with its files.
func (s *Server) filesCompleteUploadExternal(c Call) any {
	var want []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(c.Param("files")), &want); err != nil || len(want) == 0 {
		return errorBody("invalid_arguments")
	}
	channel := c.Param("channel_id")
	if code := s.refusal(channel); code != "" {
		return errorBody(code)
	}
	ts := s.newTS()
	s.mu.Lock()
	defer s.mu.Unlock()
	shown, summaries := []map[string]any{}, []map[string]any{}
	for _, w := range want {
		f := s.fileLocked(w.ID)
		if f == nil || f.Data == nil || f.Channel != "" {
			return errorBody("file_not_found")
		}
		shown = append(shown, map[string]any{"id": f.ID, "name": f.Name, "title": w.Title,
			"mimetype": mime.TypeByExtension(path.Ext(f.Name)), "size": len(f.Data)})
		summaries = append(summaries, map[string]any{"id": f.ID, "title": w.Title})
	}
	for _, w := range want {
		f := s.fileLocked(w.ID)
		f.Title, f.Channel, f.ThreadTS, f.TS = w.Title, channel, c.Param("thread_ts"), ts
	}
	s.messages = append(s.messages, storedMessage{channel: channel, ts: ts, threadTS: c.Param("thread_ts"),
		text: c.Param("initial_comment"), files: shown})
	s.notifyLocked()
	return map[string]any{"ok": true, "files": summaries}
}
