package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kb/search/static"
)

// benchWords are help-center words per language, for generated documents.
var benchWords = map[string][]string{
	"en": strings.Fields(`order orders return returns refund refunds shipping delivery payment card account password
		address invoice parcel courier tracking warehouse discount coupon gift subscription cancel cancellation exchange
		size colour product item customer support contact email phone days business within after before your our the
		and you can will for with when this that from please policy policies international express standard free
		charge charges fee fees damaged missing wrong late lost label store pickup method methods bank transfer`),
	"ar": strings.Fields(`الطلب الطلبات الإرجاع إرجاع استرداد المبلغ الشحن التوصيل الدفع البطاقة الحساب كلمة المرور
		العنوان الفاتورة الطرد شركة تتبع المستودع خصم قسيمة هدية اشتراك إلغاء استبدال المقاس اللون المنتج العميل
		الدعم تواصل البريد الهاتف أيام خلال بعد قبل يمكنك سوف من إلى على في مع هذا هذه سياسة دولي سريع عادي مجاني
		رسوم تالف مفقود خاطئ متأخر ضائع ملصق المتجر استلام طريقة تحويل بنكي`),
	"el": strings.Fields(`παραγγελία παραγγελίες επιστροφή επιστροφές επιστροφή χρημάτων αποστολή παράδοση πληρωμή
		κάρτα λογαριασμός κωδικός διεύθυνση τιμολόγιο δέμα courier παρακολούθηση αποθήκη έκπτωση κουπόνι δώρο συνδρομή
		ακύρωση ανταλλαγή μέγεθος χρώμα προϊόν προϊόντα πελάτης υποστήριξη επικοινωνία email τηλέφωνο ημέρες εντός
		μετά πριν μπορείτε θα για με όταν αυτό από πολιτική διεθνής ταχεία κανονική δωρεάν χρέωση κατεστραμμένο`),
	"fr": strings.Fields(`commande commandes retour retours remboursement remboursé livraison expédition paiement carte
		compte mot passe adresse facture colis transporteur suivi entrepôt réduction coupon cadeau abonnement annulation
		échange taille couleur produit article client assistance contact courriel téléphone jours ouvrés sous après avant
		votre notre vous pouvez sera pour avec quand cette depuis politique international express standard gratuit frais`),
}

func genDocs(perLang int) []Document {
	rng := rand.New(rand.NewPCG(1, 2))
	sentence := func(words []string, n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			// Zipf-like: early words are more frequent.
			b.WriteString(words[int(float64(len(words))*rng.Float64()*rng.Float64())])
		}
		return b.String()
	}
	var docs []Document
	for _, lang := range sortedKeys(benchWords) {
		words := benchWords[lang]
		for i := range perLang {
			var body []string
			for range 10 + rng.IntN(30) {
				body = append(body, sentence(words, 8+rng.IntN(12))+".")
			}
			d := Document{
				ID: fmt.Sprintf("/%s/a/%d/", lang, i), Lang: lang, URL: fmt.Sprintf("/%s/a/%d/", lang, i),
				Title: sentence(words, 3+rng.IntN(4)), Section: []string{"", "faq", "shipping", "returns"}[i%4],
				Headings: []string{sentence(words, 3), sentence(words, 4)}, Body: strings.Join(body, " "),
				Kind: "article",
			}
			if d.Section == "faq" {
				d.Kind, d.Page = "question", sentence(words, 2)
			}
			docs = append(docs, d)
		}
	}
	return docs
}

// BenchmarkBuild builds 1,000 generated documents in each of four languages.
func BenchmarkBuild(b *testing.B) {
	docs := genDocs(1000)
	dir := filepath.Join(b.TempDir(), "index")
	cpu := cpuTime()
	for b.Loop() {
		if err := Build(context.Background(), dir, docs); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	body := 0
	for _, d := range docs {
		body += len(d.Body)
	}
	b.ReportMetric(float64(dirSize(dir))/float64(len(docs)), "bytes/doc")
	b.ReportMetric(float64(body)/float64(len(docs)), "body-bytes/doc")
}

// BenchmarkUpdate replaces one document, as `kb serve` does after a file is saved: the same page again and again,
// or a different page each time (each save then adds a segment, which Update merges past maxUpdatedSegments).
func BenchmarkUpdate(b *testing.B) {
	for _, spread := range []bool{false, true} {
		name := "same-page"
		if spread {
			name = "other-pages"
		}
		b.Run(name, func(b *testing.B) {
			docs := genDocs(1000)
			dir := filepath.Join(b.TempDir(), "index")
			if err := Build(context.Background(), dir, docs); err != nil {
				b.Fatal(err)
			}
			cpu := cpuTime()
			i := 0
			for b.Loop() {
				d := docs[0]
				if spread {
					d = docs[i%1000] // the first language's
					i++
				}
				d.Body += " edited"
				if err := Update(context.Background(), dir, []Document{d}, nil); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// BenchmarkSearch runs a few kinds of query against 1,000 documents per language, snippets included.
func BenchmarkSearch(b *testing.B) {
	docs := genDocs(1000)
	dir := filepath.Join(b.TempDir(), "index")
	if err := Build(context.Background(), dir, docs); err != nil {
		b.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for _, c := range []struct {
		name string
		q    Query
	}{
		{"word", Query{Text: "refund", Lang: "en"}},
		{"words", Query{Text: "refund damaged parcel", Lang: "en"}},
		{"typo", Query{Text: "warehuose", Lang: "en"}},
		{"prefix", Query{Text: "tra", Lang: "en"}},
		{"question", Query{Text: "how long does a refund take after I return a damaged item", Lang: "en"}},
		{"section", Query{Text: "delivery", Lang: "en", Section: "faq"}},
		{"ar", Query{Text: "ارجاع الطلب", Lang: "ar"}},
		{"el", Query{Text: "επιστροφη χρηματων", Lang: "el"}},
		{"fr", Query{Text: "remboursement livrai", Lang: "fr"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var hits int
			cpu := cpuTime()
			for b.Loop() {
				res, err := ix.Search(context.Background(), c.q)
				if err != nil {
					b.Fatal(err)
				}
				hits = res.Total
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(hits), "total")
		})
	}
	b.Run("parallel", func(b *testing.B) {
		qs := []Query{{Text: "refund", Lang: "en"}, {Text: "shiping adress", Lang: "en"}, {Text: "ارجاع", Lang: "ar"},
			{Text: "επιστροφη", Lang: "el"}, {Text: "livraison", Lang: "fr"}}
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				if _, err := ix.Search(context.Background(), qs[i%len(qs)]); err != nil {
					b.Error(err)
				}
				i++
			}
		})
	})
}

// BenchmarkStaticBuild builds the static index of 2,000 generated documents in each of en, ar and el with the real
// analysis, as the builder does: one static.Build per language.
func BenchmarkStaticBuild(b *testing.B) {
	byLang := map[string][]static.Doc{}
	for _, d := range genDocs(2000) {
		if d.Lang == "fr" {
			continue
		}
		byLang[d.Lang] = append(byLang[d.Lang], static.Doc{URL: d.URL, Title: d.Title, Page: d.Page, Section: d.Section,
			SectionTitle: d.SectionTitle, Body: d.Body, Headings: d.Headings, Tags: d.Tags, Fallback: d.Fallback})
	}
	an := static.Analyzer{Normalize: Normalize, Terms: Terms}
	langs := sortedKeys(byLang)
	cpu := cpuTime()
	size := 0
	for b.Loop() {
		size = 0
		for _, lang := range langs {
			files, err := static.Build(lang, byLang[lang], an)
			if err != nil {
				b.Fatal(err)
			}
			for _, data := range files {
				size += len(data)
			}
		}
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(size), "bytes")
}
