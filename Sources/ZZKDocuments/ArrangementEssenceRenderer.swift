import ZZKVault

/// The essence of the PZK's joint-controller arrangement as a person receives it (art. 26(2)
/// RODO), printable HTML in Polish by default: who the controllers are, how to reach each one
/// and its IOD, what they agreed, and that the person may exercise their rights against each.
public enum ArrangementEssenceRenderer {
    public static func html(_ essence: ArrangementEssence, lang: DocumentLanguage) -> String {
        func esc(_ s: String) -> String { DocumentText.html(s) }
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        let agreement = essence.agreement
        let title = t("Zasadnicza treść uzgodnień współadministratorów (art. 26 ust. 2 RODO)",
                      "The essence of the joint controllers' arrangement (Art. 26(2) GDPR)")
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\">"
            + "<title>\(esc(title))</title>"
        out += "<style>\(NoticeRenderer.letterStyle)</style></head><body>\n<h1>\(esc(title))</h1>\n"
        out += "<p>\(esc(agreement.title)) — \(esc(t("zawarte", "signed"))) \(esc(agreement.signedOn)), "
        out += esc(t("obowiązuje od", "in force from")) + " \(esc(agreement.validFrom))"
        out += agreement.lastDay.map { " " + esc(t("do", "to")) + " \(esc($0))" } ?? ""
        out += ".</p>\n<h2>\(esc(t("Współadministratorzy", "The joint controllers")))</h2>\n<ul>\n"
        for controller in essence.controllers {
            let dpo = controller.dpoContact.isEmpty
                ? t("nie wyznaczono inspektora ochrony danych", "no data protection officer designated")
                : t("inspektor ochrony danych: ", "data protection officer: ") + controller.dpoContact
            let parts = [controller.name, controller.address, controller.contact, dpo].filter { !$0.isEmpty }
            out += "<li>\(esc(parts.joined(separator: "; ")))</li>\n"
        }
        out += "</ul>\n<h2>\(esc(t("Co uzgodniono", "What they agreed")))</h2>\n"
        for paragraph in (agreement.essence ?? "").split(separator: "\n", omittingEmptySubsequences: true) {
            out += "<p>\(esc(String(paragraph)))</p>\n"
        }
        out += "<h2>\(esc(t("Pani/Pana prawa", "Your rights")))</h2>\n<p>"
        out += esc(t("Niezależnie od tych uzgodnień może Pani/Pan wykonywać swoje prawa wynikające z RODO wobec każdego"
                         + " ze współadministratorów i przeciwko każdemu z nich (art. 26 ust. 3 RODO).",
                     "Whatever the arrangement says, you may exercise your rights under the GDPR in respect of and"
                         + " against each of the controllers (Art. 26(3) GDPR)."))
        out += "</p>\n</body></html>\n"
        return out
    }
}
