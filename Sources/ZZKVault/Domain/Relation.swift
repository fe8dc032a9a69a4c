/// How a member relates to the household's head (codes; the Polish names are the labels
/// used on documents handed to clients).
public enum Relation: String, Sendable, CaseIterable, Codable {
    case head
    case spouse
    case partner
    case child
    case parent
    case sibling
    case grandparent
    case grandchild
    case otherRelative = "other_relative"
    case unrelated

    /// The Polish label.
    public var polishLabel: String {
        switch self {
        case .head: return "osoba prowadząca gospodarstwo"
        case .spouse: return "małżonek/małżonka"
        case .partner: return "partner/partnerka"
        case .child: return "dziecko"
        case .parent: return "rodzic"
        case .sibling: return "rodzeństwo"
        case .grandparent: return "dziadek/babcia"
        case .grandchild: return "wnuk/wnuczka"
        case .otherRelative: return "inny krewny"
        case .unrelated: return "osoba niespokrewniona"
        }
    }

    /// The English label.
    public var englishLabel: String {
        switch self {
        case .head: return "head of the household"
        case .spouse: return "spouse"
        case .partner: return "partner"
        case .child: return "child"
        case .parent: return "parent"
        case .sibling: return "sibling"
        case .grandparent: return "grandparent"
        case .grandchild: return "grandchild"
        case .otherRelative: return "other relative"
        case .unrelated: return "unrelated person"
        }
    }
}
