//go:build !linux

package rawfile

const noAtime = 0
