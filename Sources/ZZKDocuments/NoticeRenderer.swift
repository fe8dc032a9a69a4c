import ZZKVault

/// The text of an art. 13/14 notice, with every element of art. 14(1)(a)–(f) and 14(2)(a)–(g),
/// as Markdown or printable HTML; Polish by default.
public enum NoticeRenderer {
    public typealias Lang = DocumentLanguage

    /// The notice as (heading, paragraph) pairs, in order.
    public static func sections(_ n: Notice, controller: Cooperant?, source: Cooperant?, policy: PolicySet, lang: Lang) -> (String, [(String, String)]) {
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        let name = controller.map { $0.name.isEmpty ? $0.id : $0.name } ?? n.cooperantID
        let categories = n.categories.map { id in policy.catalog.category(id).map { lang == .pl ? $0.label.pl : $0.label.en } ?? id }
        let definitions = n.purposes.compactMap { policy.purposes.purpose($0) }
        let purposes = n.purposes.map { id -> String in
            guard let p = policy.purposes.purpose(id) else { return id }
            return "\(p.label.text(lang)) (\(t("podstawa prawna", "legal basis")): \(LegalCitation.text(bases: p.legalBases, lang)))"
        }
        let rights = NoticeRights(purposes: definitions)
        // A cooperant is a controller of its own: its notice states its own recipients and
        // retention, as its IOD approved them; until the registry records them, it says whom to ask.
        let own: (recipients: String, retention: String)? = controller.flatMap { c -> (String, String)? in
            guard !c.isLeader else { return nil }
            if let p = c.noticeParameters { return (p.recipients, p.retention) }
            let ask = c.dpoContact.isEmpty
                ? t("według zasad obowiązujących administratora (\(name)); informacji udziela administrator",
                    "under the rules binding the controller (\(name)); the controller will tell you")
                : t("według zasad obowiązujących administratora (\(name)); informacji udziela jego inspektor ochrony danych",
                    "under the rules binding the controller (\(name)); its data protection officer will tell you")
            return (ask, ask)
        }
        let dpo = controller.map { $0.dpoContact.isEmpty
            ? t("administrator nie wyznaczył inspektora ochrony danych; w sprawach danych osobowych prosimy o kontakt z administratorem",
                "the controller has not designated a data protection officer; please contact the controller about your data")
            : $0.dpoContact } ?? "-"
        // One entry per purpose, by label, where the purposes file gives it; else `fallback`.
        func perPurpose(_ part: KeyPath<Purpose, LocalizedLabel?>, _ fallback: String) -> String {
            let entries = definitions.compactMap { p in p[keyPath: part].map { "\(p.label.text(lang)): \($0.text(lang))" } }
            return entries.isEmpty ? fallback : entries.joined(separator: "; ")
        }
        let title = n.kind == .art14
            ? t("Informacja o przetwarzaniu danych osobowych (art. 14 RODO)", "Information on the processing of your personal data (art. 14 GDPR)")
            : t("Informacja o przetwarzaniu danych osobowych (art. 13 RODO)", "Information on the processing of your personal data (art. 13 GDPR)")
        var s: [(String, String)] = [
            (t("Administrator danych", "Controller"), "\(name), \(controller?.address ?? "-"); \(t("kontakt", "contact")): \(controller?.contact ?? "-")"),
            (t("Inspektor ochrony danych", "Data protection officer"), dpo),
            (t("Cele i podstawa prawna", "Purposes and legal basis"), purposes.joined(separator: "; ")),
            (t("Kategorie danych", "Categories of data"), categories.joined(separator: ", ")),
            (t("Odbiorcy", "Recipients"), own?.recipients ?? perPurpose(\.externalRecipients,
                                                    t("członkowie zespołu zadaniowego (ZZK) w zakresie swoich zadań", "members of the task team (ZZK) within their tasks"))),
            (t("Przekazanie do państwa trzeciego", "Transfer to a third country"), t("nie następuje", "none")),
            (t("Okres przechowywania", "Retention"), own?.retention ?? perPurpose(\.retention,
                                                             t("przez okres wynikający z jednolitego rzeczowego wykazu akt", "for the period set by the filing plan"))),
            (t("Prawnie uzasadniony interes", "Legitimate interests"), controller?.sector == "ngo"
                ? t("nie dotyczy: przetwarzanie nie opiera się na art. 6 ust. 1 lit. f RODO", "not applicable: the processing is not based on Art. 6(1)(f) GDPR")
                : t("nie dotyczy: przetwarzanie nie opiera się na art. 6 ust. 1 lit. f RODO, na który organ publiczny nie może się powoływać przy wykonywaniu swoich zadań", "not applicable: the processing is not based on Art. 6(1)(f) GDPR, which a public authority may not rely on in performing its tasks")),
            (t("Pani/Pana prawa", "Your rights"), rights.text(lang)),
        ]
        if let withdrawal = rights.withdrawal(lang) { s.append((t("Wycofanie zgody", "Withdrawing consent"), withdrawal)) }
        if n.kind == .art13 {
            s.append((t("Obowiązek podania danych", "Whether you must provide the data"), rights.requirement(lang)))
        }
        s += [
            (t("Skarga", "Complaint"), t("przysługuje Pani/Panu prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa)", "you may complain to the President of the Personal Data Protection Office (ul. Stawki 2, 00-193 Warsaw, Poland)")),
        ]
        if n.kind == .art14 {
            let from: String
            switch n.source {
            case .familyMember:
                // Which member is not named: in a violence case that could endanger the one who spoke.
                from = t("członek Pani/Pana rodziny, który przekazał dane w ośrodku pomocy społecznej",
                         "a member of your family, who gave the data at the social welfare centre")
            case .institution:
                from = t("\(source?.name ?? "instytucja partnerstwa"), która przekazała dane ośrodkowi pomocy społecznej",
                         "\(source?.name ?? "a partner institution"), which sent the data to the social welfare centre")
            case .person, nil:
                from = t("\(source?.name ?? "ośrodek pomocy społecznej") — lider partnerstwa", "\(source?.name ?? "the social welfare centre") — the partnership's leader")
            }
            s.append((t("Źródło danych", "Source of the data"),
                      from + t("; dane nie pochodzą ze źródeł publicznie dostępnych", "; not from publicly accessible sources")))
        }
        if let arrangement = n.arrangement {
            // Art. 26(2): the essence of the arrangement is made available to the person.
            s.append((t("Współadministratorzy (art. 26 RODO)", "Joint controllers (Art. 26 GDPR)"),
                      t("w zespołach ZZK administrator przetwarza dane wspólnie z członkami Partnerstwa"
                            + " na podstawie uzgodnień „\(arrangement.title)” (\(arrangement.id)). Zasadnicza treść"
                            + " uzgodnień: ",
                        "in ZZK teams the controller processes the data jointly with the partnership's members"
                            + " under the arrangement “\(arrangement.title)” (\(arrangement.id)). Its essence: ")
                        + (arrangement.essence ?? "").replacingOccurrences(of: "\n", with: " ")
                        + t(" Niezależnie od uzgodnień może Pani/Pan wykonywać swoje prawa wobec każdego"
                                + " ze współadministratorów.",
                            " Whatever the arrangement says, you may exercise your rights against each"
                                + " of the controllers.")))
        }
        if let p = controller?.noticeParameters, controller?.isLeader == false {
            s.append((t("Wersja treści", "Text version"), t("odbiorcy i okres przechowywania w wersji \(p.version), zatwierdzonej przez inspektora ochrony danych administratora \(p.approvedOn)",
                                                             "recipients and retention as version \(p.version), approved by the controller's data protection officer on \(p.approvedOn)")))
        }
        s.append((t("Zautomatyzowane decyzje", "Automated decisions"), t("dane nie są wykorzystywane do zautomatyzowanego podejmowania decyzji, w tym profilowania", "no automated decision-making, including profiling, takes place")))
        return (title, s)
    }

    /// The template label kept with each delivered text; raise it when the wording changes.
    public static let template = "notice-pl/3"

    /// The Polish texts a vault keeps when a notice is handed over (Markdown and HTML).
    public static let textSource = NoticeTextSource(template: template) { notice, controller, source, policy in
        (markdown(notice, controller: controller, source: source, policy: policy, lang: .pl),
         html(notice, controller: controller, source: source, policy: policy, lang: .pl))
    }

    public static func markdown(_ n: Notice, controller: Cooperant?, source: Cooperant?, policy: PolicySet, lang: Lang) -> String {
        let (title, sections) = sections(n, controller: controller, source: source, policy: policy, lang: lang)
        var out = "# \(title)\n\n\(n.id) · \(n.personID) · \(n.disclosedOn)\n\n"
        for (heading, text) in sections { out += "**\(heading).** \(text)\n\n" }
        return out
    }

    public static func html(_ n: Notice, controller: Cooperant?, source: Cooperant?, policy: PolicySet, lang: Lang) -> String {
        func esc(_ s: String) -> String { DocumentText.html(s) }
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        let (title, sections) = sections(n, controller: controller, source: source, policy: policy, lang: lang)
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>"
        out += "<style>\(letterStyle)</style></head><body>\n"
        // A letter: the controller's letterhead, place and date, the addressee, the text, signatures.
        let name = controller.map { $0.name.isEmpty ? $0.id : $0.name } ?? n.cooperantID
        out += "<header class=\"letterhead\"><strong>\(esc(name))</strong><br>\(esc(controller?.address ?? ""))</header>\n"
        out += "<p class=\"date\">\(t("dnia", "date")) \(esc(n.disclosedOn))</p>\n"
        out += "<p class=\"addressee\">\(t("Adresat", "To")): \(esc(n.personID))<br><span class=\"fill\"></span><br>"
        out += "<small>\(t("(imię i nazwisko, adres)", "(name, address)"))</small></p>\n"
        out += "<h1>\(esc(title))</h1>\n<p class=\"ref\">\(esc(n.id))</p>\n<dl>"
        for (heading, text) in sections { out += "<dt>\(esc(heading))</dt><dd>\(esc(text))</dd>" }
        out += "</dl>\n<div class=\"signatures\"><p><span class=\"fill\"></span><br><small>"
        out += t("data i podpis osoby, która otrzymała informację", "date and signature of the person informed")
        out += "</small></p><p><span class=\"fill\"></span><br><small>"
        out += t("podpis pracownika przekazującego informację", "signature of the employee handing over the notice")
        return out + "</small></p></div>\n</body></html>\n"
    }

    /// A4 with 20 mm margins when printed; the letterhead, the addressee block and the
    /// signature lines of a paper letter.
    static let letterStyle = "body{font-family:serif;max-width:45em;margin:2em auto}dt{font-weight:bold;margin-top:.6em}"
        + ".letterhead{border-bottom:1px solid #000;padding-bottom:.4em}.date{text-align:right}"
        + ".addressee{margin:1.5em 0 1.5em 55%}.fill{display:inline-block;min-width:16em;border-bottom:1px dotted #000}"
        + ".signatures{display:flex;justify-content:space-between;margin-top:3em}.signatures p{width:45%}"
        + "@page{size:A4;margin:20mm}@media print{body{margin:0;max-width:none}dt{break-after:avoid}}"
}
