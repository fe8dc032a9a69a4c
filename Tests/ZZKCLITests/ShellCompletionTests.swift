import Foundation
import Testing

/// Completion of folders, files and known values (issue 20), proved by running the bash script
/// `zzk --generate-completion-script bash` writes (what `make install` installs) in a real bash,
/// as bash calls it when TAB is pressed.
@Suite("Shell completion")
struct ShellCompletionTests {
    /// The generated bash script, sourced in a bash working in `folder`.
    struct Bash {
        let box: Sandbox
        let script: String
        let folder: URL

        init(_ box: Sandbox, in folder: URL) async throws {
            self.box = box
            self.folder = folder
            let text = try await box.run(["--generate-completion-script", "bash"]).succeeded().stdout
            script = try box.scratchFile("zzk.bash", Data(text.utf8))
        }

        /// What bash offers for the command line `line`, completing its last word (a line ending in
        /// a space completes an empty word), with `zzk` on PATH as an installed one is.
        func offers(_ line: String) async throws -> [String] {
            let driver = """
                source "$1"
                cd "$2"
                read -ra COMP_WORDS <<<"$3"
                [[ "$3" == *' ' ]] && COMP_WORDS+=('')
                COMP_LINE="$3"; COMP_POINT=${#COMP_LINE}; COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
                _zzk zzk "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let result = try await box.runProgram(
                "/bin/bash", ["-c", driver, "bash", script, folder.path, line],
                environment: ["PATH": CLI.binDirectory.path + ":" + CLI.basePath])
            try #require(result.status == 0, "\(result)")
            return result.stdout.split(separator: "\n").map(String.init).sorted()
        }
    }

    @Test("bash completes --vault to folders only, --role of zzk user add to the roles, a FILE option to files")
    func vaultAndRole() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let folder = box.root.appendingPathComponent("here")
        for name in ["gmina", "gminny-archiwum"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try box.writeFile(folder.appendingPathComponent("gmina.txt"), Data("not a vault".utf8))
        let bash = try await Bash(box, in: folder)

        let vaults = try await bash.offers("zzk user add bob --vault gmin")
        #expect(vaults == ["gmina", "gminny-archiwum"], "a file is no vault folder: \(vaults)")
        let elsewhere = try await bash.offers("zzk person list --vault g")
        #expect(elsewhere == ["gmina", "gminny-archiwum"], "\(elsewhere)")

        let roles = try await bash.offers("zzk user add bob --role ")
        #expect(roles == ["admin", "dpo", "network-worker", "social-worker", "specialist"], "\(roles)")
        let narrowed = try await bash.offers("zzk user add bob --role s")
        #expect(narrowed == ["social-worker", "specialist"], "\(narrowed)")

        let passphrases = try await bash.offers("zzk person list --passphrase-file gmina.")
        #expect(passphrases == ["gmina.txt"], "\(passphrases)")
    }

    @Test("bash completes --purpose, field ids, comma-separated categories and grounds to their known values")
    func knownValues() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let bash = try await Bash(box, in: box.root)

        let purposes = try await bash.offers("zzk person add --purpose case")
        #expect(purposes == ["case_assessment"], "\(purposes)")
        let fields = try await bash.offers("zzk person show P-1 --fields identity.first")
        #expect(fields == ["identity.first_name"], "\(fields)")
        let categories = try await bash.offers("zzk authorisation record bob --categories identity,he")
        #expect(categories == ["identity,health"], "\(categories)")
        let grounds = try await bash.offers("zzk dsr restrict R-1 --ground ")
        #expect(grounds == ["accuracy_contested", "needed_for_claims", "objection_pending", "unlawful_erasure_opposed"],
                "\(grounds)")
    }

    @Test("zsh and fish scripts are generated too, completing --vault to folders", arguments: ["zsh", "fish"])
    func otherShells(_ shell: String) async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        let script = try await box.run(["--generate-completion-script", shell]).succeeded().stdout
        let folders = shell == "zsh"
            ? "'--vault[The vault folder (default\\: $ZZK_VAULT).]:DIR:_files -/'"
            : "-l 'vault' -d 'The vault folder (default: $ZZK_VAULT).' -rfa '(__zzk_complete_directories)'"
        #expect(script.contains(folders), "the \(shell) script offers no folders for --vault")
    }
}
