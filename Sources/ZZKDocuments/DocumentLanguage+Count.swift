extension DocumentLanguage {
    /// `n` with its noun in the right plural form: Polish has three ("1 odmowa, 2 odmowy,
    /// 5 odmów"; 12–14 take the third, 22–24 the second), English two.
    public func count(_ n: Int, one: String, few: String, many: String, english: (String, String)) -> String {
        guard self == .pl else { return "\(n) \(n == 1 ? english.0 : english.1)" }
        if n == 1 { return "\(n) \(one)" }
        let (units, tens) = (n % 10, n % 100)
        return "\(n) \((2...4).contains(units) && !(12...14).contains(tens) ? few : many)"
    }
}
