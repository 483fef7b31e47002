package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// startProfiles starts the whole-process recordings that are named and
// returns what stops and writes them: a CPU profile into cpuFile and a heap
// profile into memFile, for `go tool pprof`, and an execution trace into
// traceFile, for `go tool trace`, which shows what a CPU profile cannot:
// the time spent waiting (on the disk, on a step that runs alone) rather
// than computing.
func startProfiles(cpuFile, memFile, traceFile string) (stop func() error, err error) {
	cpu, err := startRecording(cpuFile, "--cpuprofile", pprof.StartCPUProfile)
	if err != nil {
		return nil, err
	}
	tr, err := startRecording(traceFile, "--trace", trace.Start)
	if err != nil {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		return nil, err
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			errs = append(errs, closeRecording(cpu, "--cpuprofile"))
		}
		if tr != nil {
			trace.Stop()
			errs = append(errs, closeRecording(tr, "--trace"))
		}
		if memFile != "" {
			errs = append(errs, writeHeapProfile(memFile))
		}
		return errors.Join(errs...)
	}, nil
}

// startRecording creates file, when it is named, and starts recording into
// it; flag names the file in errors.
func startRecording(file, flag string, start func(io.Writer) error) (*os.File, error) {
	if file == "" {
		return nil, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	return f, nil
}

func closeRecording(f *os.File, flag string) error {
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", flag, err)
	}
	return nil
}

func writeHeapProfile(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	runtime.GC() // the heap profile reports up to the last collection
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("--memprofile: %w", err)
	}
	return closeRecording(f, "--memprofile")
}
