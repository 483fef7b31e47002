package sitelock

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSecondHolderWaits(t *testing.T) {
	site := t.TempDir()
	ctx := context.Background()
	first, err := Acquire(ctx, site, Options{})
	if err != nil {
		t.Fatal(err)
	}

	// A second holder (another open file, as another process has) cannot
	// have it while the first holds it.
	if _, err := Acquire(ctx, site, Options{NoWait: true}); !errors.Is(err, ErrBusy) {
		t.Fatalf("NoWait while held: err = %v, want ErrBusy", err)
	} else if want := "pid " + strconv.Itoa(os.Getpid()); !strings.Contains(err.Error(), want) {
		t.Errorf("busy error %q does not name the holder (%s)", err, want)
	}

	waits := make(chan int, 10)
	got := make(chan *Lock)
	go func() {
		l, err := Acquire(ctx, site, Options{Waiting: func(pid int) { waits <- pid }})
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	select {
	case pid := <-waits:
		if pid != os.Getpid() {
			t.Errorf("waiting for pid %d, want %d", pid, os.Getpid())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second holder did not say it waits")
	}
	select {
	case <-got:
		t.Fatal("the second holder got the lock while the first held it")
	case <-time.After(3 * pollInterval):
	}
	first.Release()
	second := <-got
	defer second.Release()
	if len(waits) != 0 {
		t.Errorf("Waiting called %d more times, want once", len(waits))
	}
}

func TestWaitEndsWithContext(t *testing.T) {
	site := t.TempDir()
	held, err := Acquire(context.Background(), site, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	ctx, cancel := context.WithTimeout(context.Background(), 3*pollInterval)
	defer cancel()
	if _, err := Acquire(ctx, site, Options{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's", err)
	}
}
