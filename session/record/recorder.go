package record

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrFallingBehind is wrapped by Recorder.Err when output arrived faster than the recording
// could be written and some of it was dropped.
var ErrFallingBehind = errors.New("recording fell behind")

// DefaultMaxPending is the default bound on encoded bytes waiting to be written before a
// recorder drops output and reports ErrFallingBehind: 32 MiB absorbs a burst of bulk output (a
// pipe exec at ~250 MB/s for a tenth of a second) while the writer catches up. The memory
// actually held while the writer is behind is at most about twice that plus 1 MiB (blocks are
// handed to the writer once at least half full); a writer that keeps up holds one block or
// none.
const DefaultMaxPending = 32 << 20

// eventOverhead is what one event is assumed to cost beyond its data when checking the
// pending-bytes bound before encoding it.
const eventOverhead = 64

// Option configures a Recorder.
type Option func(*Recorder)

// WithClock sets the clock event times are read from (default time.Now). Times are taken when
// Output, Input, Resize or Marker is called, not when the event is written.
func WithClock(now func() time.Time) Option {
	return func(r *Recorder) { r.now = now }
}

// WithMaxPending bounds the encoded bytes waiting for the writer (default DefaultMaxPending,
// minimum 4 KiB). Past it, output is dropped, Err reports ErrFallingBehind and a marker records
// the gap.
func WithMaxPending(n int) Option {
	return func(r *Recorder) { r.maxPending = max(n, 4<<10) }
}

// Recorder writes one session as an asciicast v2 stream. All methods are safe for concurrent
// use; Output, Input, Resize, Marker and Err never wait for the file (Flush and Close do).
// Each call encodes its event line at once, from the caller's bytes (no copy is kept), into an
// in-memory block of whole lines; a writer goroutine takes the filled blocks and writes each
// with one Write of about 256 KiB or less. When woken by a small amount of output the writer
// first gathers for up to gatherDelay (10 ms), so a stream of reads becomes a few large writes
// rather than one system call and wake-up per read. Nothing is buffered beyond the pending
// blocks (bounded by WithMaxPending) and the ones being written, and no write ends inside a
// line, so a crash loses only the last few milliseconds of output and leaves whole lines on
// disk.
//
// Invariants: the concatenated data of the "o" events equals the bytes given to Output, except
// where a gap marker says output was dropped, and except that bytes that are not valid UTF-8
// are written as U+FFFD (asciicast strings are Unicode). A UTF-8 sequence split across two
// Output calls is recorded whole in the later event; an incomplete sequence left at Close is
// written as U+FFFD. Each event's time is when its call was made.
type Recorder struct {
	path   string // "" when writing to a caller's io.Writer
	w      io.Writer
	closer io.Closer
	now    func() time.Time
	start  time.Time

	maxPending int
	done       chan struct{} // closed when the writer goroutine exits
	kick       chan struct{} // (buffered, 1) ends the writer's gathering pause: Flush and Close

	mu         sync.Mutex
	cond       *sync.Cond // signalled on new events, on written blocks and on close
	cur        []byte     // the block being filled: whole encoded event lines; nil when none
	full       [][]byte   // blocks filled before cur, oldest first, waiting for the writer
	pending    int        // encoded bytes in cur and full and being written
	lastT      float64    // time of the last event; event times never decrease
	outCarry   []byte     // incomplete UTF-8 tail of the last Output
	inCarry    []byte     // incomplete UTF-8 tail of the last Input
	queuedSeq  uint64     // events encoded so far
	writtenSeq uint64     // events written so far
	dropped    int64      // output/input bytes dropped since the last gap marker
	droppedAll int64      // bytes dropped over the recording
	gapStart   float64    // time the current gap began
	closed     bool
	writeErr   error // first error from the writer or the file; the writer stops at it
	behindErr  error // set when output was dropped

	closeOnce   sync.Once
	closeResult error // set once by close
}

// Create makes the directories leading to path (mode 0700), creates path itself with mode 0600
// and O_EXCL (an existing file is an error: two sessions never share a file) and starts
// recording with header h. h.Version is set to 2; a zero h.Timestamp becomes the start time.
// The path is registered as active, so Prune leaves it alone until Close.
func Create(path string, h Header, opts ...Option) (*Recorder, error) {
	if err := checkHeader(h); err != nil {
		return nil, err
	}
	registerActive(path) // before the file exists, so a concurrent Prune never sees it unregistered
	f, err := createExclusive(path)
	if err != nil {
		unregisterActive(path)
		return nil, err
	}
	r := newRecorder(f, f, h, opts)
	r.path = path
	return r, nil
}

// CreateUnique is Create, except that when path exists it tries path with "-2", "-3", … before
// its extension (up to "-999"), so sessions started in the same second each get a file. The
// recorder's Path tells which name was used.
func CreateUnique(path string, h Header, opts ...Option) (*Recorder, error) {
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	try := path
	for n := 2; ; n++ {
		r, err := Create(try, h, opts...)
		if err == nil || !errors.Is(err, fs.ErrExist) || n > 999 {
			return r, err
		}
		try = base + "-" + strconv.Itoa(n) + ext
	}
}

// New records to w instead of a file (w is not closed). It is the seam below the file for
// tests and for callers that own the destination; Create is the usual entry point.
func New(w io.Writer, h Header, opts ...Option) (*Recorder, error) {
	if err := checkHeader(h); err != nil {
		return nil, err
	}
	return newRecorder(w, nil, h, opts), nil
}

// createExclusive makes the parent directories and the new file. It tries twice because Prune
// may remove a directory it just found empty between the two steps.
func createExclusive(path string) (*os.File, error) {
	var err error
	for range 2 {
		if err = os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create recording directory: %w", err)
		}
		var f *os.File
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	return nil, fmt.Errorf("create recording: %w", err)
}

func checkHeader(h Header) error {
	if h.Width <= 0 || h.Height <= 0 {
		return fmt.Errorf("recording header: width and height must be positive, got %dx%d", h.Width, h.Height)
	}
	return nil
}

func newRecorder(w io.Writer, c io.Closer, h Header, opts []Option) *Recorder {
	r := &Recorder{w: w, closer: c, now: time.Now, maxPending: DefaultMaxPending,
		done: make(chan struct{}), kick: make(chan struct{}, 1)}
	for _, o := range opts {
		o(r)
	}
	r.cond = sync.NewCond(&r.mu)
	r.start = r.now()
	h.Version = 2
	if h.Timestamp == 0 {
		h.Timestamp = r.start.Unix()
	}
	head, err := appendHeader(nil, h) // now, while the caller cannot yet change h.Env
	go r.writeLoop(head, err)
	return r
}

// Path is the file being written, or "" for a recorder made with New.
func (r *Recorder) Path() string { return r.path }

// Output records bytes the session printed. p is encoded before Output returns (the caller may
// reuse it); the call never waits for the file.
func (r *Recorder) Output(p []byte) { r.addText(EventOutput, &r.outCarry, p) }

// Input records bytes typed into the session. Call it only when the configuration enables
// input recording: input can contain passwords.
func (r *Recorder) Input(p []byte) { r.addText(EventInput, &r.inCarry, p) }

// Resize records a terminal size change as "COLSxROWS".
func (r *Recorder) Resize(cols, rows int) {
	r.add(EventResize, []byte(strconv.Itoa(cols)+"x"+strconv.Itoa(rows)))
}

// Marker records a named point (for example where a user pressed a key to mark a moment).
func (r *Recorder) Marker(label string) { r.add(EventMarker, []byte(label)) }

// Err returns the first write error, or an error wrapping ErrFallingBehind when output had to
// be dropped, or nil. It stays set once set; the UI shows it in the status bar.
func (r *Recorder) Err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.errLocked()
}

func (r *Recorder) errLocked() error {
	if r.writeErr != nil {
		return r.writeErr
	}
	return r.behindErr
}

// Flush waits until every event queued before the call is written, or the recorder failed.
// Tests and benchmarks use it; sessions never need to.
func (r *Recorder) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	target := r.queuedSeq
	if r.writtenSeq < target {
		r.kickWriter()
	}
	for r.writtenSeq < target && r.writeErr == nil {
		r.cond.Wait()
	}
	return r.errLocked()
}

// Close records what is still pending (an incomplete UTF-8 tail, a gap marker), waits for the
// writer to finish, closes the file and unregisters the path. It returns Err's error, or the
// error closing the file. Later calls return the same result; later events are ignored.
func (r *Recorder) Close() error {
	r.closeOnce.Do(r.close)
	return r.closeResult
}

// Discard closes the recording and removes its file: for a run that turned out not to be one
// (a shell the pod does not have, tried before the next). It returns the first error of Close
// and the removal.
func (r *Recorder) Discard() error {
	err := r.Close()
	if r.path != "" {
		if rerr := os.Remove(r.path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) && err == nil {
			err = fmt.Errorf("remove recording: %w", rerr)
		}
	}
	return err
}

func (r *Recorder) close() {
	r.mu.Lock()
	t := r.timeLocked()
	if len(r.outCarry) > 0 {
		r.encodeLocked(t, EventOutput, nil, r.outCarry)
		r.outCarry = nil
	}
	if len(r.inCarry) > 0 {
		r.encodeLocked(t, EventInput, nil, r.inCarry)
		r.inCarry = nil
	}
	r.markGapLocked(t)
	r.closed = true
	r.cond.Broadcast()
	r.kickWriter()
	r.mu.Unlock()

	<-r.done
	var cerr error
	if r.closer != nil {
		cerr = r.closer.Close()
	}
	if r.path != "" {
		unregisterActive(r.path)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closeResult = r.errLocked()
	if r.closeResult == nil && cerr != nil {
		r.closeResult = fmt.Errorf("close recording: %w", cerr)
	}
}

// timeLocked is the event time of now: seconds since start, never less than the last event's.
func (r *Recorder) timeLocked() float64 {
	t := r.now().Sub(r.start).Seconds()
	if t < r.lastT {
		t = r.lastT
	}
	r.lastT = t
	return t
}
