import ZZKVault

/// The art. 15 answer as a printable HTML page for the person, Polish by default.
public enum AccessReportRenderer {
    private static func t(_ pl: String, _ en: String, _ lang: DocumentLanguage) -> String { lang == .pl ? pl : en }

    /// The letter for `r`, naming fields, values, categories and purposes by the labels of `policy`.
    public static func html(_ r: AccessReport, policy: PolicySet, lang: DocumentLanguage) -> String {
        let catalog = policy.catalog
        func esc(_ s: String) -> String { DocumentText.html(s) }
        func purposeLabel(_ id: String) -> String { policy.purposes.purpose(id).map { $0.label.text(lang) } ?? id }
        func label(_ fieldID: String) -> String { catalog.field(fieldID).map { $0.label.text(lang) } ?? fieldID }
        func categoryLabel(_ id: String) -> String { catalog.category(id).map { $0.label.text(lang) } ?? id }
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>\(t("Informacja o przetwarzanych danych", "Information on the data processed", lang))</title>"
        out += "<style>body{font-family:serif;max-width:45em;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;text-align:left}.review{border:2px dashed #a00;padding:.3em}@media print{.review{display:none}}</style></head><body>\n"
        out += "<h1>\(t("Informacja o przetwarzanych danych osobowych (art. 15 RODO)", "Information on your personal data (art. 15 GDPR)", lang))</h1>\n"
        out += "<p>\(t("Administrator", "Controller", lang)): \(esc(r.controller)). \(t("Wniosek", "Request", lang)) \(esc(r.requestID)), \(t("osoba", "person", lang)) \(esc(r.personID)), \(t("sporządzono", "prepared on", lang)) \(esc(r.generatedOn)).</p>\n"
        out += "<h2>\(t("1. Dane, które przetwarzamy", "1. The data we hold", lang))</h2>\n<table>"
        for field in catalog.fields where r.data[field.id] != nil {
            out += "<tr><th>\(esc(label(field.id)))</th><td>\(esc(field.display(r.data[field.id]!, english: lang == .en)))</td></tr>"
        }
        out += "</table>\n"
        let categories = r.withheld.keys.filter { catalog.category($0) != nil && $0 != FieldCatalog.teamNotesCategory }.sorted()
        if !categories.isEmpty {
            out += "<p>\(t("Pozostałe kategorie danych przekazujemy osobiście, po potwierdzeniu tożsamości", "Other categories are given in person, after confirming your identity", lang)): "
            out += categories.map { esc(categoryLabel($0)) }.joined(separator: ", ") + ".</p>\n"
        }
        if !r.teamNotes.isEmpty {
            out += "<h3>\(t("Notatki zespołu zadaniowego", "Task team notes", lang))</h3>\n"
            out += "<p class=\"review\">\(t("Dla pracownika, nie drukuje się: przed wydaniem sprawdź, czy notatki nie ujawniają danych innych osób, i w razie potrzeby je zaczernij (art. 15 ust. 4 RODO).", "For staff, not printed: before handing over, check the notes for other persons' data and black it out where needed (Art. 15(4) GDPR).", lang))</p>\n<table>"
            for note in r.teamNotes {
                out += "<tr><th>\(esc(note.written))</th><td>\(esc(note.text))</td></tr>"
            }
            out += "</table>\n"
        }
        // Free text that may describe other persons: named here, handed over after review (art. 15(4)).
        if let notes = r.withheld[FieldCatalog.teamNotesCategory].flatMap({ Int($0.prefix { $0.isNumber }) }) {
            out += "<p>" + lang.count(notes, one: "notatka zespołu zadaniowego", few: "notatki zespołu zadaniowego",
                                      many: "notatek zespołu zadaniowego", english: ("task team note", "task team notes"))
            out += t(" dotyczące Pani/Pana: przekażemy je po sprawdzeniu, czy nie naruszają praw i wolności innych osób (art. 15 ust. 4 RODO).",
                     " about you: we hand them over once checked for the rights and freedoms of others (Art. 15(4) GDPR).", lang) + "</p>\n"
        }
        if let reasons = r.withheld["request_reasons"].flatMap({ Int($0.prefix { $0.isNumber }) }) {
            out += "<p>" + lang.count(reasons, one: "uzasadnienie wniosku", few: "uzasadnienia wniosków", many: "uzasadnień wniosków",
                                      english: ("reason of a request", "reasons of requests"))
            out += t(" o zespół lub o dostęp do danych: przekażemy je po sprawdzeniu, czy nie naruszają praw i wolności innych osób (art. 15 ust. 4 RODO).",
                     " for a team or for access to data: we hand them over once checked for the rights and freedoms of others (Art. 15(4) GDPR).", lang) + "</p>\n"
        }
        out += "<h2>\(t("2. Kategorie danych", "2. Categories of data", lang))</h2><p>\(r.categoriesHeld.map { esc(categoryLabel($0)) }.joined(separator: ", "))</p>\n"
        out += "<h2>\(t("3. Cele przetwarzania", "3. Purposes", lang))</h2><p>\(r.purposes.map { esc(purposeLabel($0)) }.joined(separator: ", "))</p>\n"
        out += "<h2>\(t("4. Odbiorcy, którym ujawniono dane", "4. Recipients your data was disclosed to", lang))</h2>\n"
        if r.recipients.isEmpty {
            out += "<p>\(t("Dane nie zostały ujawnione żadnemu odbiorcy.", "Your data was not disclosed to any recipient.", lang))</p>\n"
        } else {
            out += "<table><tr><th>\(t("Data", "Date", lang))</th><th>\(t("Odbiorca", "Recipient", lang))</th><th>\(t("Cel", "Purpose", lang))</th><th>\(t("Dane", "Data", lang))</th></tr>"
            for d in r.recipients {
                out += "<tr><td>\(esc(String(d.time.prefix(10))))</td><td>\(esc(d.cooperantName))</td><td>\(esc(purposeLabel(d.purpose)))</td><td>\(d.fields.map { esc(label($0)) }.joined(separator: ", "))</td></tr>"
            }
            out += "</table>\n"
        }
        out += "<h3>\(t("Odbiorcy, którym udostępniono klucze do danych", "Recipients given keys to your data", lang))</h3>\n"
        if r.keyHolders.isEmpty {
            out += "<p>\(t("brak", "none", lang))</p>\n"
        } else {
            out += "<table><tr><th>\(t("Odbiorca", "Recipient", lang))</th><th>\(t("Kategorie danych", "Categories", lang))</th><th>\(t("Do dnia", "Until", lang))</th></tr>"
            for holder in r.keyHolders {
                out += "<tr><td>\(esc(holder.cooperantName))</td><td>\(holder.categories.map { esc(categoryLabel($0)) }.joined(separator: ", "))</td><td>\(esc(holder.until))</td></tr>"
            }
            out += "</table>\n"
        }
        if !r.futureRecipients.isEmpty {
            out += "<p>\(t("Odbiorcy, którym dane mogą zostać udostępnione na podstawie Pani/Pana zgody", "Recipients your consent allows the data to go to", lang)): "
            out += r.futureRecipients.map(esc).joined(separator: ", ") + ".</p>\n"
        }
        out += "<h2>\(t("5. Zgody", "5. Consents", lang))</h2><ul>"
        out += r.consents.isEmpty ? "<li>\(t("brak", "none", lang))</li>" : r.consents.map { c in
            "<li>\(esc(c.id)): \(c.categories.map { esc(categoryLabel($0)) }.joined(separator: ", ")) — \(esc(c.validFrom))\(c.withdrawnOn.map { ", " + t("wycofana", "withdrawn", lang) + " " + esc($0) } ?? "")</li>"
        }.joined()
        out += "</ul>\n<h2>\(t("6. Okres przechowywania", "6. Retention", lang))</h2><p>"
        out += t("Dokumentację pomocy społecznej przechowujemy przez okres wynikający z przepisów o archiwizacji (jednolity rzeczowy wykaz akt); dane przetwarzane wyłącznie na podstawie zgody — do jej wycofania.",
                 "Social assistance records are kept for the period set by the archiving rules; data processed on consent alone, until the consent is withdrawn.", lang)
        out += "</p>\n<h2>\(t("7. Źródło danych", "7. Source", lang))</h2><p>"
        out += t("Dane pochodzą od Pani/Pana oraz z wywiadu środowiskowego \(esc(r.controller)).", "The data comes from you and from the community interview of \(esc(r.controller)).", lang)
        out += "</p>\n<h2>\(t("8. Pani/Pana prawa", "8. Your rights", lang))</h2><p>"
        // The rights the bases of these purposes give, as in the notices (NoticeRights).
        let inForce = r.consents.filter { $0.withdrawnOn == nil && $0.isValid(on: r.generatedOn) }
        let rights = NoticeRights(purposes: (r.purposes + inForce.flatMap(\.purposes)).reduce(into: [Purpose]()) { list, id in
            if let purpose = policy.purposes.purpose(id), !list.contains(where: { $0.id == id }) { list.append(purpose) }
        })
        out += esc(rights.text(lang))
        // How to withdraw only while a consent is in force.
        if !inForce.isEmpty, let withdrawal = rights.withdrawal(lang) { out += " " + esc(withdrawal) }
        out += " " + t("Przysługuje Pani/Panu prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa). Nie podejmujemy decyzji w sposób zautomatyzowany.",
                       "You may complain to the President of the Personal Data Protection Office (ul. Stawki 2, 00-193 Warsaw). No automated decisions are made.", lang)
        return out + "</p>\n</body></html>\n"
    }
}
