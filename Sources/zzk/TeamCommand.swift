import ArgumentParser

struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team", abstract: "ZZK task teams: requests, opening, members (with their key grants), closing.",
        subcommands: [TeamRequestCommand.self, TeamOpenCommand.self, TeamAddMemberCommand.self, TeamRemoveMemberCommand.self,
                      TeamCloseCommand.self, TeamShowCommand.self, TeamListCommand.self, TeamNoteCommand.self, TeamNotesCommand.self, TeamSuggestCommand.self,
                      TeamInformedCommand.self])
}
