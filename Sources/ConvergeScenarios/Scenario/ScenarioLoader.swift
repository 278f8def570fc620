import Foundation
import Yams

/// Reads and validates scenario files. A malformed file is reported with its file, line and
/// field, and does not stop the others from loading.
public enum ScenarioLoader {
    static let topLevelKeys: Set<String> = [
        "id", "title", "difficulty", "report", "data", "setup", "bug", "symptom", "success",
        "cures", "maskers", "expert_path", "hints", "sources", "pretraining",
    ]

    /// Every `*.yaml` file in `folder`, loaded; problems come back beside the scenarios.
    public static func loadAll(from folder: URL) -> (scenarios: [Scenario], errors: [ScenarioError]) {
        var (scenarios, errors) = YAMLFolder.load(folder) { text, file in
            try checked(parse(text, file: file.path), file: file)
        }
        var seen: [String: String] = [:]
        scenarios = scenarios.filter { scenario in
            if let other = seen[scenario.id] {
                errors.append(
                    ScenarioError(
                        file: scenario.file, line: nil, field: "id",
                        problem: "'\(scenario.id)' is already used by \(other)"))
                return false
            }
            seen[scenario.id] = scenario.file
            return true
        }
        scenarios.sort { ($0.difficulty, $0.id) < ($1.difficulty, $1.id) }
        return (scenarios, errors)
    }

    /// Reads one scenario file.
    public static func load(contentsOf url: URL) throws -> Scenario {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ScenarioError(file: url.path, line: nil, field: "(file)", problem: "cannot be read")
        }
        return try checked(parse(text, file: url.path), file: url)
    }

    /// `scenario`, once its id is known to match its file's name.
    static func checked(_ scenario: Scenario, file url: URL) throws -> Scenario {
        let expectedName = url.deletingPathExtension().lastPathComponent
        if scenario.id != expectedName {
            throw ScenarioError(
                file: url.path, line: nil, field: "id",
                problem: "'\(scenario.id)' does not match the file name '\(expectedName)'")
        }
        return scenario
    }

    /// Parses scenario text; `file` names it in error messages.
    public static func parse(_ text: String, file: String) throws -> Scenario {
        let root = try YAMLField.root(text, file: file)
        for (key, value) in try root.pairs() where !topLevelKeys.contains(key) {
            throw value.failure("unknown field (known: \(topLevelKeys.sorted().joined(separator: ", ")))")
        }

        let difficultyField = try root.field("difficulty")
        guard let difficulty = Scenario.Difficulty(rawValue: try difficultyField.string()) else {
            throw difficultyField.failure("expected easy, medium or hard")
        }
        let bug = try root.field("bug")
        let hintsField = try root.field("hints")
        let hints = try hintsField.list().map { try $0.nonEmptyString() }
        if hints.count != 4 {
            throw hintsField.failure("expected four hints, from a nudge to the full answer; found \(hints.count)")
        }
        let bugKnobsField = try bug.field("knobs")
        let bugKnobs = try bugKnobsField.list().map { field -> KnobID in
            guard let knob = KnobID(typed: try field.string()) else {
                throw field.failure("unknown knob '\(try field.string())'")
            }
            return knob
        }

        return Scenario(
            id: try root.field("id").nonEmptyString(),
            title: try root.field("title").nonEmptyString(),
            difficulty: difficulty,
            report: try root.field("report").nonEmptyString(),
            data: try dataSpec(try root.field("data")),
            labelledRows: try labelledRows(try root.field("data")),
            validationSteps: try validationSteps(try root.field("data")),
            pretraining: try root.optionalField("pretraining").map(pretrainingSpec),
            setup: try setup(try root.field("setup")),
            bugSummary: try bug.field("summary").nonEmptyString(),
            bugKnobs: bugKnobs,
            diagnosis: try diagnosisKey(bug),
            symptom: try criteria(try root.field("symptom")),
            success: try criteria(try root.field("success")),
            cures: try remedies(try root.field("cures")),
            maskers: try root.optionalField("maskers").map(remedies) ?? [],
            expertPath: try expertPath(try root.field("expert_path")),
            hints: hints,
            sources: try root.optionalField("sources")?.strings() ?? [],
            file: file)
    }

    /// `bug.mechanism` (concepts, each with a name and phrasings) and `bug.misconceptions`.
    static func diagnosisKey(_ bug: YAMLField) throws -> DiagnosisKey {
        let mechanismField = try bug.field("mechanism")
        let mechanism = try mechanismField.list().map { item -> DiagnosisKey.Concept in
            let phrasings = try item.field("phrasings").phrasings()
            return DiagnosisKey.Concept(name: try item.field("name").nonEmptyString(), phrasings: phrasings)
        }
        if mechanism.isEmpty { throw mechanismField.failure("needs at least one concept") }
        let misconceptions = try bug.optionalField("misconceptions")?.strings() ?? []
        return DiagnosisKey(mechanism: mechanism, misconceptions: misconceptions)
    }

    /// `data: digits` names a file; a mapping names a `file` (with `classes` to keep some of
    /// them, and `labelled` to keep the labels of that many training rows) or a `generator`.
    static func dataSpec(_ field: YAMLField) throws -> DataSpec {
        if case .scalar = field.node { return try fileSpec(field) }
        if let file = try field.optionalField("file") {
            var spec = try fileSpec(file)
            if let rowsField = try field.optionalField("rows") {
                let bounds = try rowsField.list().map { try $0.integer() }
                guard bounds.count == 2, bounds[0] >= 0, bounds[1] > bounds[0] else {
                    throw rowsField.failure("expected [first, end]: the rows from first up to (not including) end")
                }
                spec = .rows(bounds[0]..<bounds[1], of: spec)
            }
            guard let classesField = try field.optionalField("classes") else { return spec }
            let classes = try classesField.list().map { try $0.integer() }
            guard !classes.isEmpty, Set(classes).count == classes.count, classes.allSatisfy({ $0 >= 0 }) else {
                throw classesField.failure("expected a list of distinct class numbers")
            }
            return .classes(classes, of: spec)
        }
        let generatorField = try field.field("generator")
        let generator = try generatorField.string()
        guard SyntheticData.generators.contains(generator) else {
            throw generatorField.failure(
                "unknown generator '\(generator)' (known: \(SyntheticData.generators.joined(separator: ", ")))")
        }
        let samples = try field.optionalField("samples")?.integer() ?? 600
        if samples < 10 || samples > 100_000 {
            throw try field.field("samples").failure("expected 10 to 100000 samples")
        }
        let length = try field.optionalField("length")?.integer() ?? 0
        if SyntheticData.sequenceGenerators.contains(generator) && !(2...500).contains(length) {
            throw (try field.optionalField("length") ?? field).failure(
                "a sequence generator needs a length from 2 to 500")
        }
        if SyntheticData.imageGenerators.contains(generator) && !(8...64).contains(length) {
            throw (try field.optionalField("length") ?? field).failure(
                "an image generator needs a length (the image's side in pixels) from 8 to 64")
        }
        let classes = try field.optionalField("classes")?.integer() ?? 2
        if !(2...100).contains(classes) {
            throw try field.field("classes").failure("expected 2 to 100 classes")
        }
        let noise = try field.optionalField("noise")?.double() ?? 0.1
        // Image generators measure noise in pixel levels (0 to 255); the others in data units.
        let loudest: Double = SyntheticData.imageGenerators.contains(generator) ? 100 : 10
        if !(0...loudest).contains(noise) {
            throw try field.field("noise").failure("expected a noise level from 0 to \(Int(loudest))")
        }
        let seed = try field.optionalField("seed")?.integer() ?? 0
        if !(0...Int(UInt32.max)).contains(seed) {
            throw try field.field("seed").failure("expected a seed from 0 to \(UInt32.max)")
        }
        return .synthetic(
            generator: generator, samples: samples, classes: classes, noise: Float(noise), length: length,
            seed: UInt64(seed))
    }

    /// A CSV of Fixtures/datasets, named by its stem, never a path.
    static func fileSpec(_ field: YAMLField) throws -> DataSpec {
        let name = try field.nonEmptyString()
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw field.failure(
                "expected the name of a CSV in Fixtures/datasets (letters, digits, _ and -), not a path")
        }
        return .file(name: name)
    }

    static func labelledRows(_ field: YAMLField) throws -> Int? {
        guard case .mapping = field.node, let labelled = try field.optionalField("labelled") else { return nil }
        let rows = try labelled.integer()
        if rows < 10 { throw labelled.failure("expected at least 10 labelled rows") }
        return rows
    }

    /// `validation_length: N` in a sequence generator's data: validation padded to N steps.
    static func validationSteps(_ field: YAMLField) throws -> Int? {
        guard case .mapping = field.node, let padded = try field.optionalField("validation_length") else { return nil }
        let steps = try padded.integer()
        let length = try field.optionalField("length")?.integer() ?? 0
        if !(length...500).contains(steps) {
            throw padded.failure("expected a length from the data's own length (\(length)) to 500")
        }
        return steps
    }

    /// `pretraining: {data: ..., epochs: N, seed: S}`: what the backbone learnt first.
    static func pretrainingSpec(_ field: YAMLField) throws -> PretrainingSpec {
        let epochs = try field.optionalField("epochs")?.integer() ?? 10
        if !(1...50).contains(epochs) { throw try field.field("epochs").failure("expected 1 to 50 epochs") }
        let seed = try field.optionalField("seed")?.integer() ?? 0
        if !(0...Int(UInt32.max)).contains(seed) {
            throw try field.field("seed").failure("expected a seed from 0 to \(UInt32.max)")
        }
        return PretrainingSpec(data: try dataSpec(try field.field("data")), epochs: epochs, seed: UInt64(seed))
    }

    static func setup(_ field: YAMLField) throws -> Setup {
        var setup = Setup()
        for (key, value) in try field.pairs() {
            if key == "seed" {
                setup.seed = UInt64(clamping: try value.integer())
                continue
            }
            guard let knob = Knob.named(key) else {
                throw value.failure("unknown knob (known: seed, \(Knob.all.map(\.name).joined(separator: ", ")))")
            }
            let text: String
            if case .sequence = value.node {
                text = try value.strings().joined(separator: ",")
            } else {
                text = try value.string()
            }
            do {
                try knob.apply(text, to: &setup)
            } catch let error as KnobError {
                throw value.failure(error.description)
            }
        }
        return setup
    }

    static func criteria(_ field: YAMLField) throws -> [Criterion] {
        let items = try field.list()
        if items.isEmpty { throw field.failure("needs at least one criterion") }
        return try items.map { item in
            guard let criterion = Criterion(try item.string()) else {
                throw item.failure(
                    "expected 'metric OP number' with OP one of >=, <=, >, <, == and metric one of \(RunReport.metricNames.joined(separator: ", "))"
                )
            }
            return criterion
        }
    }

    static func remedies(_ field: YAMLField) throws -> [Remedy] {
        try field.list().map { item in
            if case .sequence = item.node { return Remedy(changes: try changes(item)) }
            return Remedy(
                changes: try changes(try item.field("changes")),
                judgedByChange: try item.optionalField("judged_by_change")?.bool() ?? false,
                note: try item.optionalField("note")?.string())
        }
    }

    /// The commands of the expert path, each `set` checked as a cure's change is (the command
    /// names are checked against the session's table by `Catalog.checkingExpertPaths`).
    static func expertPath(_ field: YAMLField) throws -> [String] {
        let steps = try field.list()
        if steps.isEmpty { throw field.failure("needs at least one command") }
        return try steps.map { item in
            let step = try item.nonEmptyString().trimmingCharacters(in: .whitespaces)
            if step.hasPrefix("set ") { _ = try change(String(step.dropFirst(4)), at: item) }
            return step
        }
    }

    static func changes(_ field: YAMLField) throws -> [Change] {
        let items = try field.list()
        if items.isEmpty { throw field.failure("needs at least one change") }
        return try items.map { try change(try $0.string(), at: $0) }
    }

    /// One `KNOB VALUE` change, checked by applying it to a default setup.
    static func change(_ text: String, at item: YAMLField) throws -> Change {
        guard let change = Change(text) else {
            throw item.failure("expected 'KNOB VALUE' with a known knob, for example 'lr 0.1'")
        }
        var probe = Setup()
        do {
            try change.knob.knob.apply(change.value, to: &probe)
        } catch let error as KnobError {
            throw item.failure(error.description)
        }
        return change
    }
}
