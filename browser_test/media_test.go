package browsertest

import (
	"encoding/base64"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// recordVideo has the browser record a short WebM of a canvas (1280×720,
// half a second), so that the test plays a real video without keeping a
// binary file in the repository. A tab the browser throttles (a loaded
// machine, other tabs at work) can record no frame at all: the recording
// is kept only once the browser reads its size back from it, and made
// again otherwise, up to three times.
func recordVideo(t *testing.T) string {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t))
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focusing the recording tab: %v", err)
	}
	var encoded string
	for try := 0; try < 3 && encoded == ""; try++ {
		var err error
		encoded, err = chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => {
		const c = Object.assign(document.createElement("canvas"), {width: 1280, height: 720});
		const g = c.getContext("2d");
		const rec = new MediaRecorder(c.captureStream(10), {mimeType: "video/webm"});
		const parts = [];
		rec.ondataavailable = e => parts.push(e.data);
		const stopped = new Promise(done => rec.onstop = done);
		rec.start();
		for (let i = 0; i < 5; i++) {
			g.fillStyle = "rgb(" + (i * 50) + ",80,120)";
			g.fillRect(0, 0, c.width, c.height);
			await new Promise(done => setTimeout(done, 100));
		}
		rec.stop();
		await stopped;
		const blob = new Blob(parts, {type: "video/webm"});
		const v = document.createElement("video");
		v.preload = "metadata";
		v.src = URL.createObjectURL(blob);
		const width = await Promise.race([
			new Promise(done => { v.onloadedmetadata = () => done(v.videoWidth); v.onerror = () => done(0); }),
			new Promise(done => setTimeout(() => done(0), 5000)),
		]);
		if (width !== 1280) return "";
		const bytes = new Uint8Array(await blob.arrayBuffer());
		let s = "";
		for (const b of bytes) s += String.fromCharCode(b);
		return btoa(s);
	})()`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("recording a video in the browser: %v", err)
		}
	}
	video, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || len(video) == 0 {
		t.Fatalf("the browser recorded no video it can read back, three times: %d bytes, %v", len(video), err)
	}
	return string(video)
}

// TestVideoBesidePage opens, on a phone, an Arabic article that plays a
// screen recording written as an image with its captions beside it: the
// player loads the video's length and size (not the whole file), fits the
// screen, and shows the Arabic captions, named in Arabic.
func TestVideoBesidePage(t *testing.T) {
	dir := t.TempDir()
	write := siteWriter(t, dir)
	write("site.toml", "defaultLanguage = \"ar\"\n[languages.ar]\n")
	write("content/ar/orders/return.webm", recordVideo(t))
	write("content/ar/orders/return.ar.vtt", "WEBVTT\n\n00:00.000 --> 00:05.000\nاضغط على «إرجاع»\n")
	write("content/ar/orders/return.md", "+++\ntitle = \"إرجاع منتج\"\n+++\nشاهد الطريقة:\n\n![طريقة الإرجاع](return.webm)\n")
	base := buildAndServe(t, dir)
	b := newTab(t, base, phone)
	b.open("/ar/orders/return/")
	video := `document.querySelector("main video")`
	b.waitFor(waitTime, video+`.readyState >= 1`, "the video's metadata did not load (error %s)", b.str(video+`.error && `+video+`.error.code`))
	if got := b.str(video + `.videoWidth`); got != "1280" {
		b.errorf("the player knows a video %s pixels wide, want 1280", got)
	}
	if got := b.str(video + `.getAttribute("aria-label")`); got != "طريقة الإرجاع" {
		b.errorf("the player is named %q, want its alt text", got)
	}
	if box := b.box("main video"); box.Right > float64(phone.width)+0.5 || box.Left < 0 {
		b.errorf("the video %v does not fit the %d px screen", box, phone.width)
	}
	b.fitsWidth("an article with a 1280 px video")
	track := video + `.textTracks[0]`
	b.waitFor(waitTime, track+` && `+track+`.mode === "showing" && `+track+`.cues && `+track+`.cues.length === 1`,
		"the captions are not shown (mode %s)", b.str(track+` && `+track+`.mode`))
	if got := b.str(track + `.cues[0].text`); got != "اضغط على «إرجاع»" {
		b.errorf("the caption reads %q", got)
	}
	if got := b.str(track + `.language + "|" + ` + track + `.label`); got != "ar|العربية" {
		b.errorf("the captions' language and name are %q, want ar|العربية", got)
	}
}
