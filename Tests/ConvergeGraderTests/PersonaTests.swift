import ConvergeGrader
import ConvergeScenarios
import ConvergeSession
import ConvergeTestSupport
import Foundation
import XCTest
import Yams

/// The kinds of candidate an interviewer meets, each with the verdict a senior research
/// engineer would give. Five are written per scenario, as a candidate would type them
/// (`Personas/<scenario>.yaml`, by someone who had not read the grader); five are built from
/// the scenario (every check in turn, hints, a keyword list, a shotgun).
enum Persona: String, CaseIterable {
    case expert, slow, checklist
    case hintReliant = "hint-reliant"
    case oneLookThenHints = "one-look-then-hints"
    case lucky
    case wrongConclusion = "wrong-conclusion"
    case keywordStuffed = "keyword-stuffed"
    case masker, shotgun

    /// The verdict band: the highest (and lowest) overall score, the *Practical Debugging*
    /// levels allowed, whether the root cause is fixed, and whether the diagnosis may count.
    /// (`fixed` nil: either way. A shotgun that retunes the learning rate can cure a
    /// learning-rate bug by accident; its caps, not the outcome, keep it a Novice.)
    var band: (low: Double, high: Double, levels: Set<Grade.Level>, fixed: Bool?, diagnosisCredit: Bool?) {
        switch self {
        case .expert: return (85, 100, [.expert], true, true)
        case .slow: return (60, 84, [.intermediate], true, nil)
        case .checklist: return (0, 80, [.novice, .intermediate], true, nil)
        case .hintReliant: return (0, 45, [.novice], true, nil)
        case .oneLookThenHints: return (0, 50, [.novice, .intermediate], true, nil)
        case .lucky: return (0, 55, [.novice], true, nil)
        case .wrongConclusion: return (0, 65, [.novice, .intermediate], false, false)
        case .keywordStuffed: return (0, 84, [.novice, .intermediate], true, false)
        case .masker: return (0, 55, [.novice, .intermediate], false, nil)
        case .shotgun: return (0, 40, [.novice], nil, nil)
        }
    }
}

/// The written routes of one scenario.
struct WrittenPersonas {
    var routes: [String: [String]]

    init(scenario: Scenario) throws {
        let url = projectRoot.appendingPathComponent("Tests/ConvergeGraderTests/Personas/\(scenario.id).yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        routes = try YAMLDecoder().decode([String: [String]].self, from: text)
    }

    func route(_ key: String) throws -> [String] {
        try XCTUnwrap(routes[key], "no \(key) route")
    }

    /// The expert's own diagnosis, reused by the personas that fix the bug and name it.
    var diagnosis: String {
        get throws { try XCTUnwrap(route("expert").last { $0.hasPrefix("diagnose ") }) }
    }
}

/// The commands of `persona` on `scenario`.
func commands(_ persona: Persona, _ scenario: Scenario) throws -> [String] {
    let written = try WrittenPersonas(scenario: scenario)
    let cure = scenario.cures[0].changes.map(\.description)
    switch persona {
    case .expert: return try written.route("expert")
    case .slow: return try written.route("slow")
    case .lucky: return try written.route("lucky")
    case .wrongConclusion: return try written.route("wrong_conclusion")
    case .masker: return try written.route("masker")
    case .checklist:
        // Every look, sanity and instrument command in tier order, whatever the model, then the
        // cure; `compare` needs two run numbers, which a checklist run blindly does not have.
        let checks = SessionCommands.specs.filter {
            $0.tier <= .instrument && $0.name != HelpCommand.spec.name && $0.name != ReportCommand.spec.name
                && $0.name != CompareCommand.spec.name
        }.map(\.name)
        return checks + cure + ["run", try written.diagnosis, "submit"]
    case .hintReliant:
        return ["hint", "hint", "hint", "hint"] + cure + ["run", try written.diagnosis, "submit"]
    case .oneLookThenHints:
        return ["curve", "hint", "hint", "hint", "hint"] + cure + ["run", try written.diagnosis, "submit"]
    case .keywordStuffed:
        let route = try written.route("expert").filter { !$0.hasPrefix("diagnose ") }.dropLast()
        return route + [
            "diagnose lr init dropout nan zero_grad eval batchnorm softmax shuffle labels scale vanishing exploding",
            "submit",
        ]
    case .shotgun:
        return Candidate.shotgun(scenario)
    }
}

final class PersonaTests: XCTestCase {
    /// Every persona on every scenario, graded from its recorded session, lands in its band.
    func testEveryPersonaOnEveryScenarioLandsInItsBand() throws {
        var table: [String] = [
            "scenario".padding(toLength: 28, withPad: " ", startingAt: 0)
                + Persona.allCases.map {
                    String($0.rawValue.prefix(9)).padding(toLength: 10, withPad: " ", startingAt: 0)
                }.joined()
        ]
        for scenario in catalog {
            var row = scenario.id.padding(toLength: 28, withPad: " ", startingAt: 0)
            for persona in Persona.allCases {
                let (grade, _) = try play(
                    scenario, try commands(persona, scenario), label: "persona-" + persona.rawValue)
                let band = persona.band
                let practical = grade.rubric.first { $0.area == "Practical Debugging" }?.level ?? .novice
                row += "\(Int(grade.overall)) \(practical.rawValue.prefix(1))".padding(
                    toLength: 10, withPad: " ", startingAt: 0)
                let context =
                    "\(scenario.id) \(persona.rawValue): \(Int(grade.overall)) \(practical.rawValue); "
                    + grade.caps.map(\.rule).joined(separator: ", ") + "; "
                    + grade.firings.filter { $0.points < 0 || $0.rule.hasPrefix("diagnosis") }.map(\.citation).joined(
                        separator: " | ")
                XCTAssertGreaterThanOrEqual(grade.overall, band.low, context)
                XCTAssertLessThanOrEqual(grade.overall, band.high, context)
                XCTAssertTrue(band.levels.contains(practical), context)
                if let fixed = band.fixed { XCTAssertEqual(grade.rootCauseFixed, fixed, context) }
                if let credit = band.diagnosisCredit { XCTAssertEqual(grade.diagnosisCorrect, credit, context) }
                if [.hintReliant, .oneLookThenHints].contains(persona) {
                    let fundamentals = grade.rubric.first { $0.area == "Fundamentals" }?.level
                    XCTAssertNotEqual(fundamentals, .expert, "a diagnosis read off the hints: " + context)
                }
            }
            table.append(row)
        }
        print("persona scores (overall and Practical Debugging level):\n" + table.joined(separator: "\n"))
    }
}
