/// The documents seam for notices: how a front end renders the text of a notice that is handed
/// over, so the vault can keep exactly that text at delivery (what the person received must be
/// provable later, whatever changes in the registry or the policy afterwards).
///
/// The library renders no documents itself; a front end that opens a vault passes one (the
/// CLI and the server pass ``ZZKDocuments``' Polish renderings). Without one, deliveries keep
/// no text.
public struct NoticeTextSource: Sendable {
    /// A label for the template (e.g. `notice-pl/3`), kept with each text.
    public var template: String
    /// The notice's text as handed over: Markdown and printable HTML.
    public var render: @Sendable (Notice, _ controller: Cooperant?, _ source: Cooperant?, PolicySet) -> (markdown: String, html: String)

    public init(template: String, render: @escaping @Sendable (Notice, Cooperant?, Cooperant?, PolicySet) -> (markdown: String, html: String)) {
        self.template = template
        self.render = render
    }
}
