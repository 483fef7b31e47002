// Package rawfile reads and creates whole files in the fewest system calls,
// and writes in chunks the sizes that memory is quickest to give (see
// WriteChunk).
// os.Open and os.OpenFile offer every file to the runtime's network poller,
// which refuses a regular file: five system calls more per file (fcntl
// twice each way and epoll_ctl), which a build reading and writing tens of
// thousands of files pays for nothing.
package rawfile

import "errors"

// ErrNotPlain is ReadPlainInto's refusal of a file that is not a regular
// file within its size limit.
var ErrNotPlain = errors.New("not a regular file within the size limit")
