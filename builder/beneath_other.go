//go:build !linux

package builder

import "errors"

// beneath is openat2's, which only Linux has: elsewhere the output goes
// through os.Root.
type beneath struct{}

type mover struct{}

func (b *beneath) mover() *mover            { return nil }
func (m *mover) move(from, rel string) bool { return false }
func (m *mover) close()                     {}

func openBeneath(string) *beneath                { return nil }
func (b *beneath) close()                        {}
func (b *beneath) sameBytes(string, []byte) bool { return false }
func (b *beneath) files(func(int), func(string, *outStat), *outFolders) (*outFolders, error) {
	return nil, errNoBeneath
}

func (b *beneath) overwrite(string, []byte, int64) (bool, error) { return false, nil }
func (b *beneath) linkFrom(*beneath, string) error               { return errNoBeneath }

var errNoBeneath = errors.New("no openat2")
