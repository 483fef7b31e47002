package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// startProfiles starts a CPU profile into cpuFile (if set) and returns a
// function that stops it and writes a heap profile into memFile (if set):
// whole-process profiles of a build, for `go tool pprof`.
func startProfiles(cpuFile, memFile string) (stop func() error, err error) {
	return startDiagnostics(cpuFile, memFile, "")
}

// startDiagnostics is startProfiles that can also write an execution trace
// into traceFile (if set), for `go tool trace`: it shows what the CPU
// profile cannot, the time the build spends waiting (on the disk, on a
// step that runs alone) rather than computing.
func startDiagnostics(cpuFile, memFile, traceFile string) (stop func() error, err error) {
	var tr *os.File
	if traceFile != "" {
		if tr, err = os.Create(traceFile); err != nil {
			return nil, fmt.Errorf("--trace: %w", err)
		}
		if err := trace.Start(tr); err != nil {
			tr.Close()
			return nil, fmt.Errorf("--trace: %w", err)
		}
	}
	stopProfiles, err := startCPUAndHeap(cpuFile, memFile)
	if err != nil {
		if tr != nil {
			trace.Stop()
			tr.Close()
		}
		return nil, err
	}
	return func() error {
		err := stopProfiles()
		if tr != nil {
			trace.Stop()
			if cerr := tr.Close(); cerr != nil && err == nil {
				err = fmt.Errorf("--trace: %w", cerr)
			}
		}
		return err
	}, nil
}

func startCPUAndHeap(cpuFile, memFile string) (stop func() error, err error) {
	var cpu *os.File
	if cpuFile != "" {
		if cpu, err = os.Create(cpuFile); err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return fmt.Errorf("--cpuprofile: %w", err)
			}
		}
		if memFile == "" {
			return nil
		}
		f, err := os.Create(memFile)
		if err != nil {
			return fmt.Errorf("--memprofile: %w", err)
		}
		runtime.GC() // the heap profile reports up to the last collection
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			f.Close()
			return fmt.Errorf("--memprofile: %w", err)
		}
		return f.Close()
	}, nil
}
