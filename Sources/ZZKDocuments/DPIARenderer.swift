import ZZKVault

/// A draft data protection impact assessment (art. 35 RODO) filled from the vault itself, as
/// Markdown or printable HTML, Polish by default: why it is mandatory, the systematic
/// description (35(7)(a)), necessity and proportionality with the vault's answers (35(7)(b)),
/// the risks with their measures and the tests that play the attacker (35(7)(c)–(d)), the IOD's
/// opinion to fill in (35(2)) and the prior-consultation question (art. 36).
public enum DPIARenderer {
    enum Block {
        case paragraph(String)
        case list([String])
        case table([String], [[String]])
    }

    static func sections(_ f: DPIAFacts, risks: ThreatModelRisks,
                         lang: DocumentLanguage) -> (String, [(String, [Block])]) {
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        func yes(_ met: Bool) -> String { met ? t("spełnione", "met") : t("nie dotyczy", "not met") }
        let r = f.record
        let title = t("Ocena skutków dla ochrony danych (art. 35 RODO) — projekt",
                      "Data protection impact assessment (Art. 35 GDPR) — draft")
        let criteria: [(String, Bool)] = [
            (t("dane szczególnych kategorii (art. 9 RODO): ", "special categories of data (Art. 9 GDPR): ")
                + (f.specialCategories.isEmpty ? "—" : f.specialCategories.joined(separator: ", ")),
             !f.specialCategories.isEmpty),
            (t("dane dotyczące wyroków skazujących i czynów zabronionych (art. 10 RODO): ",
               "data on criminal convictions and offences (Art. 10 GDPR): ")
                + (f.criminalCategories.isEmpty ? "—" : f.criminalCategories.joined(separator: ", ")),
             !f.criminalCategories.isEmpty),
            (t("osoby wymagające szczególnej ochrony: dzieci i osoby doznające przemocy domowej",
               "vulnerable data subjects: children and persons experiencing domestic violence"), f.vulnerableSubjects),
            (t("łączenie danych kilku administratorów: lider i \(f.cooperants) członków PZK w zespołach ZZK",
               "matching the data of several controllers: the leader and \(f.cooperants) PZK members in ZZK teams"),
             f.cooperants > 0),
            (t("innowacyjne rozwiązania techniczne: szyfrowanie pól kluczami kategorii, koperty kluczy dla"
                   + " specjalistów, dziennik Merkle",
               "innovative technology: per-category field encryption, key envelopes for specialists,"
                   + " a Merkle audit log"),
             true),
        ]
        let met = criteria.filter(\.1).count
        let rules = lang.count(f.policyRules, one: "reguła", few: "reguły", many: "reguł", english: ("rule", "rules"))
        var sections: [(String, [Block])] = []
        sections.append((t("Status dokumentu", "Status"), [
            .paragraph(t("Projekt wygenerowany przez skarbiec ZZK \(f.generatedOn) z jego polityki (\(rules),"
                             + " skrót \(r.policyHash.prefix(16))…), rejestrów i modelu zagrożeń. Administrator"
                             + " uzupełnia go i zatwierdza po zasięgnięciu opinii inspektora ochrony danych (art. 35"
                             + " ust. 2 RODO) i przegląda przy każdej zmianie polityki lub ryzyka (art. 35 ust. 11).",
                         "Drafted by ZZK Vault on \(f.generatedOn) from its policy (\(rules), hash"
                             + " \(r.policyHash.prefix(16))…), registers and threat model. The controller completes and"
                             + " adopts it after seeking the advice of the data protection officer (Art. 35(2) GDPR)"
                             + " and reviews it whenever the policy or the risk changes (Art. 35(11)).")),
        ]))
        sections.append((t("1. Dlaczego ocena jest obowiązkowa", "1. Why the assessment is mandatory"), [
            .table([t("Kryterium (wykaz Prezesa UODO, M.P. 2019 poz. 666; wytyczne WP248)",
                      "Criterion (UODO list, M.P. 2019 item 666; WP248 guidelines)"),
                    t("W skarbcu", "In the vault")], criteria.map { [$0.0, yes($0.1)] }),
            .paragraph(t("Spełnionych kryteriów: \(met). Już dwa oznaczają, że przetwarzanie może powodować wysokie"
                             + " ryzyko: ocena jest obowiązkowa przed rozpoczęciem przetwarzania.",
                         "Criteria met: \(met). Two already mean the processing is likely to result in a high risk: the"
                             + " assessment is mandatory before processing starts.")),
        ]))
        let roles: [(Role, String)] = [(.socialWorker, t("pracownicy socjalni", "social workers")),
                                       (.networkWorker, t("pracownicy ds. sieci", "network workers")),
                                       (.specialist, t("specjaliści członków PZK", "PZK members' specialists")),
                                       (.dpo, t("inspektorzy ochrony danych", "data protection officers")),
                                       (.admin, t("administratorzy systemu", "system administrators"))]
        sections.append((t("2. Systematyczny opis przetwarzania (art. 35 ust. 7 lit. a)",
                           "2. Systematic description (Art. 35(7)(a))"), [
            .paragraph(t("Administrator (lider PZK): ", "Controller (PZK leader): ")
                       + [r.controller, r.controllerAddress, r.controllerContact].filter { !$0.isEmpty }
                           .joined(separator: ", ")
                       + t("; inspektor ochrony danych: ", "; data protection officer: ")
                       + (r.dpoContact.isEmpty ? "—" : r.dpoContact)),
            .table([t("Cel", "Purpose"), t("Podstawa prawna", "Legal basis"), t("Osoby", "Data subjects"),
                    t("Kategorie danych", "Categories of data"),
                    t("Udostępnienie członkom PZK", "Disclosed to PZK members"),
                    t("Okres przechowywania", "Retention")],
                   r.activities.map { a in
                       [a.label, LegalCitation.text(bases: a.legalBases, lang), a.subjects,
                        a.categories.joined(separator: ", "),
                        a.disclosedTo.isEmpty ? "—" : a.disclosedTo.joined(separator: ", "), a.retention]
                   }),
            .list([
                t("Skala: ", "Scale: ")
                    + lang.count(f.persons, one: "osoba", few: "osoby", many: "osób", english: ("person", "persons"))
                    + t(" w skarbcu, ", " in the vault, ")
                    + lang.count(f.openTeams, one: "otwarty zespół", few: "otwarte zespoły", many: "otwartych zespołów",
                                 english: ("open team", "open teams"))
                    + " ZZK, " + lang.count(f.noticesRecorded, one: "odnotowany obowiązek informacyjny",
                                            few: "odnotowane obowiązki informacyjne",
                                            many: "odnotowanych obowiązków informacyjnych",
                                            english: ("notice recorded", "notices recorded")) + ".",
                t("Użytkownicy: ", "Users: ")
                    + roles.map { "\($0.1): \(f.accounts[$0.0] ?? 0)" }.joined(separator: ", ") + ".",
                t("W mocy: ", "In force: ")
                    + lang.count(f.arrangements, one: "uzgodnienie współadministratorów",
                                 few: "uzgodnienia współadministratorów",
                                 many: "uzgodnień współadministratorów",
                                 english: ("joint-controller arrangement", "joint-controller arrangements"))
                    + t(" i ", " and ")
                    + lang.count(f.disclosureAgreements, one: "umowa o udostępnianiu", few: "umowy o udostępnianiu",
                                 many: "umów o udostępnianiu",
                                 english: ("disclosure agreement", "disclosure agreements")) + ".",
                t("Podmioty przetwarzające (art. 28): ", "Processors (Art. 28): ")
                    + (f.processors.isEmpty
                        ? t("brak umów powierzenia w rejestrze", "no processor agreement in the register")
                        : f.processors.joined(separator: ", ")),
                t("Środki techniczne: każde pole szyfrowane kluczem kategorii danej osoby (XChaCha20-Poly1305,"
                      + " libsodium); specjaliści otrzymują klucze tylko w kopertach zapieczętowanych ich kluczem"
                      + " publicznym; podpisany dziennik dostępu (drzewo Merkle, Ed25519) weryfikowany kluczem"
                      + " publicznym przez IOD.",
                  "Technical means: every field encrypted under the person's category key (XChaCha20-Poly1305,"
                      + " libsodium); specialists receive keys only in envelopes sealed to their public key; a signed"
                      + " access log (Merkle tree, Ed25519) the IOD verifies with a public key."),
            ]),
        ]))
        let answers: [(String, String)] = [
            (t("Czy każdy cel ma podstawę prawną i czy zgoda nie zastępuje przepisu?",
               "Does every purpose have a legal basis, and is consent never used where a statute applies?"),
             t("Cele ustawowe (\(f.statutoryPurposes.joined(separator: ", "))) wymagają wskazania przepisu przy"
                   + " otwarciu kanału; na zgodzie opierają się tylko: \(f.consentPurposes.joined(separator: ", "))."
                   + " Zgoda nie otwiera danych z art. 10.",
               "Statutory purposes (\(f.statutoryPurposes.joined(separator: ", "))) need the provision named when a"
                   + " channel opens; only these rest on consent: \(f.consentPurposes.joined(separator: ", ")). Consent"
                   + " never opens Art. 10 data.")),
            (t("Czy dane są ograniczone do niezbędnych (minimalizacja)?",
               "Are the data limited to what is necessary (minimisation)?"),
             t("Polityka (\(rules)) rozstrzyga każdy odczyt i zapis według roli, sektora, kategorii i"
                   + " celu; specjalista odszyfrowuje wyłącznie kategorie swoich grantów (klucze, nie tylko kod).",
               "The policy (\(rules)) decides every read and write by role, sector, category and purpose;"
                   + " a specialist decrypts only the categories of their grants (keys, not only code).")),
            (t("Czy okres przechowywania jest określony?", "Is the retention period set?"),
             t("Tak, dla każdego celu (tabela w pkt 2); harmonogram w polityce (symbol JRWA, kategoria archiwalna,"
                   + " zdarzenie i lata), przegląd i usuwanie poleceniem zzk retention, kategoria B za zgodą archiwum"
                   + " państwowego.",
               "Yes, for every purpose (table in section 2); the schedule is in the policy (JRWA symbol, archival"
                   + " category, event and years), reviewed and disposed of with zzk retention, category B with the"
                   + " State Archive's consent.")),
            (t("Czy osoby są informowane (art. 13–14)?", "Are the persons informed (Art. 13–14)?"),
             t("Każde zebranie danych rejestruje obowiązek informacyjny z terminem; odnotowano \(f.noticesRecorded).",
               "Every collection records a notice with its deadline; \(f.noticesRecorded) recorded.")),
            (t("Czy osoby mogą wykonywać swoje prawa?", "Can the persons exercise their rights?"),
             t("Dostęp (art. 15) z listą odbiorców z dziennika, sprostowanie z powiadomieniem odbiorców (art. 19),"
                   + " usunięcie przez zniszczenie kluczy, ograniczenie, sprzeciw, przenoszenie — z terminami.",
               "Access (Art. 15) with the recipients from the log, rectification with notification of recipients"
                   + " (Art. 19), erasure by destroying keys, restriction, objection, portability — with deadlines.")),
            (t("Czy osoby przetwarzające dane są upoważnione?", "Is everyone processing the data authorised?"),
             f.accountsWithoutAuthorisation == 0
                ? t("Tak: każde konto pracujące na danych ma upoważnienie w mocy (rejestr upoważnień).",
                    "Yes: every account working with case data has an authorisation in force"
                        + " (register of authorisations).")
                : t("Nie: ", "No: ")
                    + lang.count(f.accountsWithoutAuthorisation, one: "konto", few: "konta", many: "kont",
                                 english: ("account", "accounts"))
                    + t(" bez upoważnienia w mocy — skarbiec nie pozwala im przetwarzać danych; uzupełnić rejestr.",
                        " without an authorisation in force — the vault lets them process nothing;"
                            + " complete the register.")),
            (t("Czy dane przekazuje się do państw trzecich?", "Are data transferred to third countries?"),
             t("Nie.", "No.")),
        ]
        sections.append((t("3. Niezbędność i proporcjonalność (art. 35 ust. 7 lit. b)",
                           "3. Necessity and proportionality (Art. 35(7)(b))"), [
            .table([t("Pytanie", "Question"), t("Odpowiedź skarbca", "The vault's answer")],
                   answers.map { [$0.0, $0.1] }),
        ]))
        sections.append((t("4. Ryzyka i środki (art. 35 ust. 7 lit. c–d)",
                           "4. Risks and measures (Art. 35(7)(c)–(d))"), [
            .paragraph(t("Zagrożenia, środki i testy, które odgrywają atakującego, pochodzą z modelu zagrożeń skarbca"
                             + " (docs/threat-model.md, w języku angielskim).",
                         "Threats, measures and the tests that play the attacker come from the vault's threat model"
                             + " (docs/threat-model.md).")),
            .table(["#", t("Zagrożenie", "Threat"), t("Środek", "Measure"), t("Test", "Test")],
                   risks.risks.map { [$0.id, $0.threat, $0.measure, $0.evidence] }),
            .paragraph(t("Ryzyka szczątkowe (znane ograniczenia):", "Residual risks (known limits):")),
            .list(risks.limits.map { "\($0.title) \($0.text)" }),
        ]))
        sections.append((t("5. Opinia inspektora ochrony danych (art. 35 ust. 2)",
                           "5. The data protection officer's advice (Art. 35(2))"), [
            .paragraph(t("Do uzupełnienia przez inspektora ochrony danych: ocena, zalecenia, data i podpis.",
                         "To be filled in by the data protection officer: assessment, recommendations,"
                             + " date and signature.")),
            .paragraph("……………………………………………………………………………………"),
        ]))
        sections.append((t("6. Uprzednie konsultacje (art. 36)", "6. Prior consultation (Art. 36)"), [
            .paragraph(t("Czy mimo zastosowanych środków ryzyko szczątkowe pozostaje wysokie? ☐ tak — przed"
                             + " rozpoczęciem przetwarzania administrator konsultuje się z Prezesem UODO"
                             + " (art. 36 ust. 1) ☐ nie",
                         "Does the residual risk remain high despite the measures? ☐ yes — the controller consults the"
                             + " President of the UODO before processing starts (Art. 36(1)) ☐ no")),
            .paragraph(t("Ryzyk szczątkowych w modelu zagrożeń: \(risks.limits.count)."
                             + " Decyzja i uzasadnienie: ……………………………",
                         "Residual risks in the threat model: \(risks.limits.count)."
                             + " Decision and reasons: ……………………………")),
        ]))
        return (title, sections)
    }

    public static func markdown(_ facts: DPIAFacts, risks: ThreatModelRisks = .current,
                                lang: DocumentLanguage) -> String {
        let (title, sections) = sections(facts, risks: risks, lang: lang)
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "# \(title)\n"
        for (heading, blocks) in sections {
            out += "\n## \(heading)\n"
            for block in blocks {
                switch block {
                case let .paragraph(text): out += "\n\(text)\n"
                case let .list(items): out += "\n" + items.map { "- \($0)\n" }.joined()
                case let .table(headers, rows):
                    out += "\n| " + headers.map(cell).joined(separator: " | ") + " |\n"
                    out += "|" + headers.map { _ in "---|" }.joined() + "\n"
                    for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
                }
            }
        }
        return out
    }

    public static func html(_ facts: DPIAFacts, risks: ThreatModelRisks = .current, lang: DocumentLanguage) -> String {
        let (title, sections) = sections(facts, risks: risks, lang: lang)
        func esc(_ s: String) -> String { DocumentText.html(s) }
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\">"
            + "<title>\(esc(title))</title>"
        out += "<style>\(NoticeRenderer.letterStyle) table{border-collapse:collapse} td,th{border:1px solid #888;"
        out += "padding:.2em .4em;vertical-align:top;text-align:left}</style></head><body>\n<h1>\(esc(title))</h1>\n"
        for (heading, blocks) in sections {
            out += "<h2>\(esc(heading))</h2>\n"
            for block in blocks {
                switch block {
                case let .paragraph(text): out += "<p>\(esc(text))</p>\n"
                case let .list(items): out += "<ul>\n" + items.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n"
                case let .table(headers, rows):
                    out += "<table>\n<thead><tr>" + headers.map { "<th scope=\"col\">\(esc($0))</th>" }.joined()
                        + "</tr></thead>\n<tbody>\n"
                    for row in rows { out += "<tr>" + row.map { "<td>\(esc($0))</td>" }.joined() + "</tr>\n" }
                    out += "</tbody>\n</table>\n"
                }
            }
        }
        out += "</body></html>\n"
        return out
    }
}
