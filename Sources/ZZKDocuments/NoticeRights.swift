import ZZKVault

/// What a notice tells the person about their rights, computed from the legal bases of the
/// purposes it covers (RODO arts. 13(2)(b)–(c), (e) and 14(2)(c)–(d)):
///
/// - consent (art. 6(1)(a)): access, rectification, erasure, restriction and portability;
///   no objection (withdrawal takes its place), and how to withdraw;
/// - legal obligation (6(1)(c)): access, rectification, restriction; erasure only once the
///   data are no longer needed for the obligation (17(3)(b)); no objection, no portability;
/// - public task (6(1)(e)): as for (c), plus objection (art. 21(1)).
///
/// Legitimate interests (6(1)(f)) are never a basis here: a public authority may not rely on
/// them in performing its tasks (art. 6(1), second subparagraph), and the catalogue refuses them.
public struct NoticeRights: Sendable {
    /// The notice's purposes based on consent, on a legal obligation, and on a public task (a
    /// purpose may be in two of these).
    public let consent: [Purpose]
    public let obligation: [Purpose]
    public let publicTask: [Purpose]

    public init(purposes: [Purpose]) {
        consent = purposes.filter { $0.legalBases.contains { ["art6-1-a", "consent"].contains($0) } }
        obligation = purposes.filter { $0.legalBases.contains("art6-1-c") }
        publicTask = purposes.filter { $0.legalBases.contains("art6-1-e") }
    }

    /// Whether the notice must say how to withdraw consent (art. 13(2)(c) / 14(2)(d)).
    public var hasConsent: Bool { !consent.isEmpty }

    private static func labels(_ purposes: [Purpose], _ lang: DocumentLanguage) -> String {
        purposes.map { lang == .pl ? "„\($0.label.text(lang))”" : "“\($0.label.text(lang))”" }.joined(separator: ", ")
    }

    /// "w celu" for one purpose, "w celach" for more.
    private static func inPurposes(_ purposes: [Purpose]) -> String { purposes.count == 1 ? "w celu" : "w celach" }

    /// The purposes resting on the law (a legal obligation or a public task) and not on consent.
    private var statutory: [Purpose] {
        (obligation + publicTask).reduce(into: [Purpose]()) { list, purpose in
            if !list.contains(where: { $0.id == purpose.id }) && !consent.contains(where: { $0.id == purpose.id }) {
                list.append(purpose)
            }
        }
    }

    /// The rights paragraph, one sentence per group of purposes.
    public func text(_ lang: DocumentLanguage) -> String {
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        var sentences: [String] = []
        if hasConsent {
            sentences.append(t(
                "W zakresie \(consent.count == 1 ? "celu opartego" : "celów opartych") na Pani/Pana zgodzie (\(Self.labels(consent, lang))) przysługuje Pani/Panu prawo dostępu do danych (art. 15 RODO), ich sprostowania (art. 16), usunięcia (art. 17), ograniczenia przetwarzania (art. 18) oraz przenoszenia danych (art. 20); prawo sprzeciwu nie dotyczy przetwarzania na podstawie zgody — w jego miejsce można zgodę wycofać.",
                "For the purposes based on your consent (\(Self.labels(consent, lang))) you have the right of access (Art. 15 GDPR), rectification (Art. 16), erasure (Art. 17), restriction of processing (Art. 18) and data portability (Art. 20); the right to object does not apply to processing based on consent — you may withdraw the consent instead."))
        }
        let statutory = self.statutory
        if !statutory.isEmpty {
            sentences.append(t(
                "W zakresie \(statutory.count == 1 ? "celu realizowanego" : "celów realizowanych") na podstawie przepisów prawa (\(Self.labels(statutory, lang))) przysługuje Pani/Panu prawo dostępu do danych (art. 15 RODO), ich sprostowania (art. 16) i ograniczenia przetwarzania (art. 18); prawo do usunięcia danych nie przysługuje, dopóki ich przetwarzanie jest niezbędne do wypełnienia obowiązku prawnego lub wykonania zadania realizowanego w interesie publicznym (art. 17 ust. 3 lit. b RODO), a prawo do przenoszenia danych nie przysługuje (art. 20 RODO dotyczy tylko danych przetwarzanych w sposób zautomatyzowany na podstawie zgody lub umowy).",
                "For the purposes pursued under the law (\(Self.labels(statutory, lang))) you have the right of access (Art. 15 GDPR), rectification (Art. 16) and restriction of processing (Art. 18); the right to erasure does not apply while the processing is necessary for a legal obligation or a task carried out in the public interest (Art. 17(3)(b) GDPR), and the right to data portability does not apply (Art. 20 GDPR covers only data processed by automated means on the basis of consent or a contract)."))
            let objectable = publicTask.filter { purpose in !consent.contains { $0.id == purpose.id } }
            if objectable.isEmpty {
                sentences.append(t(
                    "Prawo sprzeciwu (art. 21 RODO) nie przysługuje wobec przetwarzania niezbędnego do wypełnienia obowiązku prawnego.",
                    "The right to object (Art. 21 GDPR) does not apply to processing necessary for a legal obligation."))
            } else {
                sentences.append(t(
                    "Przysługuje Pani/Panu prawo wniesienia sprzeciwu, z przyczyn związanych z Pani/Pana szczególną sytuacją, wobec przetwarzania niezbędnego do wykonania zadania realizowanego w interesie publicznym lub w ramach sprawowania władzy publicznej (art. 6 ust. 1 lit. e RODO) \(Self.inPurposes(objectable)) \(Self.labels(objectable, lang)) — art. 21 ust. 1 RODO.",
                    "You may object, on grounds relating to your particular situation, to the processing necessary for a task carried out in the public interest or in the exercise of official authority (Art. 6(1)(e) GDPR) for \(Self.labels(objectable, lang)) — Art. 21(1) GDPR."))
            }
        }
        return sentences.joined(separator: " ")
    }

    /// How to withdraw consent, when a purpose rests on it.
    public func withdrawal(_ lang: DocumentLanguage) -> String? {
        guard hasConsent else { return nil }
        return lang == .pl
            ? "Zgodę na przetwarzanie \(Self.inPurposes(consent)) \(Self.labels(consent, lang)) można wycofać w dowolnym momencie — ustnie lub pisemnie u pracownika socjalnego ośrodka pomocy społecznej albo u administratora — bez wpływu na zgodność z prawem przetwarzania dokonanego przed jej wycofaniem (art. 7 ust. 3 RODO)."
            : "You may withdraw your consent to the processing for \(Self.labels(consent, lang)) at any time — orally or in writing, with the social worker of the social welfare centre or with the controller — without affecting the lawfulness of processing before its withdrawal (Art. 7(3) GDPR)."
    }

    /// Art. 13(2)(e): whether providing the data is a statutory requirement, and what follows
    /// from not providing them.
    public func requirement(_ lang: DocumentLanguage) -> String {
        var sentences: [String] = []
        // A legal obligation makes giving the data a statutory requirement; a public task alone
        // makes it a condition of the task (nobody is obliged to give, say, health data).
        let required = statutory.filter { purpose in obligation.contains { $0.id == purpose.id } }
        let conditional = statutory.filter { purpose in !obligation.contains { $0.id == purpose.id } }
        if !required.isEmpty {
            let statutes = required.flatMap(\.legalBases).filter { $0.hasPrefix("statute:") }
                .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                .map { LegalCitation.text($0, lang) }.joined(separator: ", ")
            let cited = statutes.isEmpty ? "" : " (\(statutes))"
            sentences.append(lang == .pl
                ? "Podanie danych \(Self.inPurposes(required)) \(Self.labels(required, lang)) jest wymogiem ustawowym\(cited); bez nich ośrodek nie może rozpatrzyć sprawy ani udzielić pomocy."
                : "Providing the data for \(Self.labels(required, lang)) is a statutory requirement\(cited); without them the centre cannot examine the case or provide assistance.")
        }
        if !conditional.isEmpty {
            sentences.append(lang == .pl
                ? "Podanie danych \(Self.inPurposes(conditional)) \(Self.labels(conditional, lang)) nie jest obowiązkowe, ale jest warunkiem wykonania tego zadania; bez nich nie będzie można go wykonać wobec Pani/Pana."
                : "Providing the data for \(Self.labels(conditional, lang)) is not obligatory, but it is a condition of that task; without them it cannot be carried out for you.")
        }
        if hasConsent {
            sentences.append(lang == .pl
                ? "Podanie danych \(Self.inPurposes(consent)) \(Self.labels(consent, lang)) jest dobrowolne; bez zgody dane te nie zostaną udostępnione zespołowi zadaniowemu."
                : "Providing the data for \(Self.labels(consent, lang)) is voluntary; without your consent they are not shared with the task team.")
        }
        return sentences.joined(separator: " ")
    }
}
