//go:build !unix

package atomicdir

// umask: systems without one give folders the mode asked for.
const umask = 0
