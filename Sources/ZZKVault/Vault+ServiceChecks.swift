import Foundation

extension Vault {
    /// Checks that only the account running the service can read or change the vault: the
    /// folder, `Keys/`, the database and the policy files (no group or other permissions, no
    /// links). ``open(at:)`` already checks the folder, the keys and the database; a service
    /// also refuses a policy another account could edit, since the policy decides every read.
    public func checkServiceFiles() throws(VaultError) {
        let policies = url.appendingPathComponent("Policies")
        try KeyDirectory.checkPrivate(policies, directory: true)
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: policies.path) } catch {
            throw .fileError(path: policies.path, reason: "cannot list the policy folder")
        }
        for name in names.sorted() {
            try KeyDirectory.checkPrivate(policies.appendingPathComponent(name), directory: false)
        }
    }
}
