import ConvergeEngine
import ConvergeScenarios
import ConvergeSession
import ConvergeSupport
import ConvergeTestSupport
import Foundation
import XCTest

final class SessionFlowTests: XCTestCase {
    func testLrFindSuggestsARateThatThenConverges() throws {
        let high = try session("lr-too-high")
        let suggestion = try XCTUnwrap(high.execute("lr-find").number("suggested_lr"))
        XCTAssertGreaterThan(suggestion, 1e-3)
        XCTAssertLessThan(suggestion, 1)
        XCTAssertFalse(high.execute("set lr \(suggestion)").isError)
        let run = high.execute("run")
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(run.number("val_accuracy")), 0.95)

        let low = try session("lr-too-low")
        let raised = try XCTUnwrap(low.execute("lr-find").number("suggested_lr"))
        low.execute("set lr \(raised)")
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(low.execute("run").number("val_accuracy")), 0.95)

        let symmetric = try session("zero-init")
        let flat = symmetric.execute("lr-find")
        XCTAssertNil(flat.number("suggested_lr"), "no rate helps a network whose units are identical")
        XCTAssertTrue(flat.text.contains("no learning rate made the loss fall"))
    }

    func testACureIsRecognisedAndAMaskerIsNot() throws {
        let cured = try session("lr-too-high")
        cured.execute("set lr 0.1")
        cured.execute("diagnose the learning rate is far too high")
        let good = cured.execute("submit")
        XCTAssertEqual(good.flag("converged"), true)
        XCTAssertEqual(good.flag("root_cause_fixed"), true)
        XCTAssertEqual(good.flag("masked"), false)
        XCTAssertEqual(good.flag("diagnosis_correct"), true)
        XCTAssertTrue(cured.isFinished)
        XCTAssertTrue(cured.execute("curve").isError, "nothing runs after submit")

        let masked = try session("lr-too-high")
        masked.execute("set clip 1.0")
        masked.execute("diagnose exploding gradients")
        let bad = masked.execute("submit")
        XCTAssertEqual(bad.flag("converged"), false)
        XCTAssertEqual(bad.flag("root_cause_fixed"), false)
        XCTAssertEqual(bad.flag("masked"), true)
        XCTAssertEqual(bad.flag("diagnosis_correct"), false)

        let judged = try session("dropout-at-eval")
        judged.execute("set dropout 0")
        let passes = judged.execute("submit")
        XCTAssertEqual(passes.flag("converged"), true, "p = 0 trains as well as the cure")
        XCTAssertEqual(passes.flag("masked"), true, "but it does not fix the root cause")
    }

    func testCodeShowsWhatIsMissing() throws {
        let loop = try session("missing-zero-grad")
        XCTAssertFalse(loop.execute("code").text.contains("zero_grad"))
        loop.execute("set zero-grad on")
        XCTAssertTrue(loop.execute("code").text.contains("optimizer.zero_grad()"))
        XCTAssertFalse(try session("dropout-at-eval").execute("code").text.contains("model.eval()"))
        XCTAssertTrue(try session("softmax-before-ce").execute("code").text.contains("nn.Softmax(dim=1)"))
        XCTAssertTrue(try session("nan-log-softmax").execute("code").text.contains("torch.log(F.softmax"))
        XCTAssertFalse(
            try session("val-preprocessing-mismatch").execute("code").text.contains("X_val = (X_val - mean) / std"))
    }

    func testDataShowsFeatureScales() throws {
        let raw = try session("unnormalized-inputs").execute("data")
        let wine = try library.dataset(.file(name: "wine_data"))
        XCTAssertGreaterThan(try XCTUnwrap(raw.number("train_feature_max")), 1000)
        XCTAssertLessThanOrEqual(try XCTUnwrap(raw.number("train_feature_max")), Double(wine.inputs.scalars.max() ?? 0))
        let scaled = try session("lr-too-low").execute("data")
        guard case .array(let range)? = scaled.value("train_std_range"), case .number(let largest) = range[1] else {
            return XCTFail()
        }
        XCTAssertEqual(largest, 1, accuracy: 1e-3, "standardised training features have std 1")
        let sorted = try session("sorted-no-shuffle").execute("data")
        XCTAssertTrue(sorted.text.contains("never shuffled; labels of the first 24 rows in that order: 0 0 0 0"))
    }

    func testBadInputIsExplainedAndChangesNothing() throws {
        let s = try session("lr-too-high")
        let typo = s.execute("grad-norm")
        XCTAssertTrue(typo.isError)
        XCTAssertTrue(typo.text.contains("Did you mean `grad-norms`?"), typo.text)
        XCTAssertTrue(s.execute("init").text.contains("Did you mean `init-loss`?"))
        let range = s.execute("set momentum 2")
        XCTAssertEqual(range.text, "'2' is not a valid momentum: expected a number from 0 to 0.999")
        XCTAssertTrue(s.execute("set lrr 0.1").text.contains("Did you mean `lr`?"))
        XCTAssertFalse(s.execute("set foo 1").text.contains("Did you mean"), "three edits from d-k is no typo")
        XCTAssertTrue(s.execute("crve").text.contains("Did you mean `curve`?"))
        XCTAssertTrue(s.execute("set").isError)
        XCTAssertTrue(s.execute("diagnose").isError)
        XCTAssertTrue(s.execute("   ").isError)
        XCTAssertEqual(s.setup, s.originalSetup, "no bad input changed the setup")
        XCTAssertTrue(s.execute("help set").text.contains("weight-decay"))
        XCTAssertTrue(s.execute("help overfit-batch").text.contains("example: overfit-batch 500"))
    }

    func testHintsDeepenAndDiffAndResetTrackChanges() throws {
        let s = try session("zero-init")
        let hints = (0..<5).map { _ in s.execute("hint").text }
        XCTAssertEqual(s.hintsUsed, 4)
        XCTAssertTrue(hints[3].contains("set init he"), "the fourth hint gives the answer")
        XCTAssertEqual(s.execute("diff").text, "No changes from the original setup.")
        s.execute("set init he")
        XCTAssertTrue(s.execute("diff").text.contains("init"))
        XCTAssertTrue(s.execute("config").text.contains("he *"))
        s.execute("reset")
        XCTAssertEqual(s.setup, s.originalSetup)
    }

    func testTheTranscriptHasEveryCommandAsItHappens() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "converge-\(getpid())-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let s = try session("lr-too-high", transcript: try Transcript(url: url))
        s.execute("init-loss")
        // Readable while the session is still open: appended and flushed per command.
        XCTAssertEqual(try Transcript.events(at: url).count, 2)
        s.execute("bogus")
        s.execute("set lr 0.1")
        let events = try Transcript.events(at: url)
        XCTAssertEqual(events.count, 4)
        XCTAssertEqual(events[0]["handle"], .string(s.scenario.handle))
        XCTAssertNil(events[0]["scenario"], "the transcript a candidate can open does not name the bug")
        XCTAssertEqual(events[1]["tier"], .number(1))
        XCTAssertEqual(events[2]["error"], .bool(true))
        XCTAssertEqual(events[3]["values"]?["to"], .string("0.1"))
        // A torn last line (a kill mid-write) does not lose the others.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        handle.write(Data("{\"event\": \"comm".utf8))
        try handle.close()
        XCTAssertEqual(try Transcript.events(at: url).count, 4)
    }

    func testARaisedCancellationStopsTheRunNotTheSession() throws {
        let s = try session("lr-too-low")
        let flag = CancellationFlag()
        s.cancellation = flag
        // Raise the flag from inside the run: a training configuration checks it between steps.
        var configuration = TrainingConfiguration()
        configuration.cancellation = flag
        flag.raise()
        let model = ModelFactory.makeModel(s.setup, inputWidth: 64, classCount: 10)
        let data = PreparedData(source: try library.dataset(.file(name: "digits")), setup: s.setup)
        let history = Trainer(
            model: model, loss: CrossEntropy(), optimizer: SGD(parameters: model.parameters, learningRate: 0.1),
            configuration: configuration
        ).train(on: data.training)
        XCTAssertTrue(history.wasCancelled)
        XCTAssertEqual(history.stepLosses.count, 0)
        // The session resets the flag before each command, so the next command runs in full.
        XCTAssertEqual(s.execute("run").flag("cancelled"), nil)
        XCTAssertFalse(s.isFinished)
    }

    func testSameScenarioSameCommandsSameNumbers() throws {
        let script = ["init-loss", "grad-norms", "lr-find", "set lr 0.1", "run", "eval"]
        func values() throws -> [String] {
            let s = try session("lr-too-high")
            return script.map { s.execute($0).record.serialized() }
        }
        XCTAssertEqual(try values(), try values())
    }
}

final class LookCommandTests: XCTestCase {
    func testCurveShowsTheRunTheSessionTrained() throws {
        let s = try session("missing-zero-grad")
        let curve = s.execute("curve")
        let setup = try scenario("missing-zero-grad").setup
        let independent = TrainingRun(
            setup: setup, data: PreparedData(source: try library.dataset(.file(name: "digits")), setup: setup)
        ).execute()
        guard case .array(let losses)? = curve.value("epoch_losses") else { return XCTFail("no losses") }
        XCTAssertEqual(losses.count, independent.history.epochs.count)
        for (shown, epoch) in zip(losses, independent.history.epochs) {
            XCTAssertEqual(shown, .number(Double(epoch.trainingLoss)))
        }
    }

    /// `config` is a configuration file: the settings a real project keeps in one, for the
    /// model family in use, with changes marked. Choices that are lines of code are not in it.
    func testConfigShowsTheConfigurationAndMarksChanges() throws {
        let s = try session("lr-too-high")
        s.execute("set lr 0.1")
        let config = s.execute("config")
        let shown = KnobID.allCases.filter { $0.place == .configuration && $0.isUsed(by: .mlp) }
        let settings = try XCTUnwrap(config.decoded(as: ConfigCommand.Record.self)).settings
        XCTAssertEqual(settings.map(\.knob), shown)
        for knob in shown { XCTAssertTrue(config.text.contains(knob.rawValue), knob.rawValue) }
        for knob in KnobID.allCases where knob.place == .code {
            XCTAssertFalse(config.text.contains("\n\(knob.rawValue) "), "\(knob.rawValue) is a line of code")
        }
        XCTAssertTrue(config.text.contains("0.1 *"))
        XCTAssertEqual(settings.first { $0.knob == .learningRate }?.value, "0.1")
        XCTAssertEqual(settings.first { $0.knob == .momentum }?.value, "0.9")
        let attention = try session("attention-no-scale").execute("config").text
        XCTAssertFalse(attention.contains("attention-scale"), attention)
        XCTAssertTrue(attention.contains("d-k"))
        XCTAssertFalse(attention.contains("\ndropout "), "an attention model has no dropout setting")
    }

    func testEveryExpertPathUsesRealCommandsAndSettings() throws {
        let scenarios = ScenarioLoader.loadAll(from: projectRoot.appendingPathComponent("Scenarios")).scenarios
        for scenario in scenarios {
            for step in scenario.expertPath {
                let words = step.split(separator: " ").map(String.init)
                XCTAssertNotNil(SessionCommands.named(words[0]), "\(scenario.id): `\(step)` is not a command")
                if words[0] == SetCommand.spec.name {
                    XCTAssertEqual(words.count, 3, "\(scenario.id): `\(step)`")
                    var setup = scenario.setup
                    XCTAssertNoThrow(try Knob.named(words[1])?.apply(words[2], to: &setup), "\(scenario.id): `\(step)`")
                }
            }
            XCTAssertEqual(scenario.expertPath.last, "submit", scenario.id)
        }
    }

    func testSyntheticGeneratorsAreSeededAndLabelled() throws {
        for name in SyntheticData.generators {
            let a = try XCTUnwrap(SyntheticData.make(name, samples: 120, classes: 3, noise: 0.1, seed: 4))
            let b = try XCTUnwrap(SyntheticData.make(name, samples: 120, classes: 3, noise: 0.1, seed: 4))
            let c = try XCTUnwrap(SyntheticData.make(name, samples: 120, classes: 3, noise: 0.1, seed: 5))
            XCTAssertEqual(a.inputs.scalars, b.inputs.scalars, name)
            XCTAssertNotEqual(a.inputs.scalars, c.inputs.scalars, name)
            if !a.classNames.isEmpty {
                XCTAssertEqual(Set(a.targets.scalars).count, a.classNames.count, "\(name): every class appears")
            }
        }
        XCTAssertNil(SyntheticData.make("swirls", samples: 10, classes: 2, noise: 0, seed: 0))
        // The adding problem: two marked steps, the target their sum.
        let adding = SyntheticData.adding(samples: 50, length: 10, seed: 1)
        XCTAssertEqual(adding.inputs.shape, [50, 10, 2])
        for row in 0..<50 {
            var markers = 0
            var sum: Float = 0
            for t in 0..<10 where adding.inputs[(row * 10 + t) * 2 + 1] == 1 {
                markers += 1
                sum += adding.inputs[(row * 10 + t) * 2]
            }
            XCTAssertEqual(markers, 2)
            XCTAssertEqual(adding.targets[row], sum, accuracy: 1e-6)
        }
        // Majority: the label is the most frequent token.
        let votes = SyntheticData.majority(samples: 40, vocabulary: 3, length: 7, seed: 2)
        XCTAssertEqual(votes.inputs.shape, [40, 7, 10])
        for row in 0..<40 {
            var counts = [0, 0, 0]
            for t in 0..<7 {
                for token in 0..<3 where votes.inputs[(row * 7 + t) * 10 + token] == 1 { counts[token] += 1 }
            }
            XCTAssertEqual(counts[Int(votes.targets[row])], counts.max())
        }
    }
}

final class SequenceCommandTests: XCTestCase {
    func testGradThroughTimeShowsTheSignalDying() throws {
        let vanishing = try session("rnn-vanishing")
        let result = vanishing.execute("grad-through-time")
        XCTAssertEqual(result.flag("recurrent"), true)
        XCTAssertLessThan(try XCTUnwrap(result.number("first_last_ratio")), 1e-3)
        XCTAssertTrue(result.text.contains("vanishing through time"))
        // Independent: the RNN's own record of ‖dL/dh_t‖ after one pass on the probe batch.
        let setup = vanishing.setup
        let data = PreparedData(source: try library.dataset(try scenario("rnn-vanishing").data), setup: setup)
        let run = TrainingRun(setup: setup, data: data)
        let readings = TrainingRun.sequenceReadings(model: run.model, loss: run.loss, data: data)
        guard case .array(let norms)? = result.value("norms_init") else { return XCTFail("no norms") }
        XCTAssertEqual(norms.count, 30)
        XCTAssertEqual(norms.last, .number(Double(try XCTUnwrap(readings.timeGradientNorms.last))))
        XCTAssertEqual(try session("lr-too-high").execute("grad-through-time").flag("recurrent"), false)
    }

    func testAttentionShowsSaturationAndItsCure() throws {
        let unscaled = try session("attention-no-scale")
        let before = unscaled.execute("attention")
        XCTAssertLessThan(try XCTUnwrap(before.number("entropy_ratio_init")), 0.3)
        XCTAssertTrue(before.text.contains("saturated"))
        unscaled.execute("set attention-scale on")
        XCTAssertGreaterThan(try XCTUnwrap(unscaled.execute("attention").number("entropy_ratio_init")), 0.9)
        XCTAssertEqual(try session("lr-too-high").execute("attention").flag("attention"), false)
    }

    /// `attention` counts blocks from 1; it says which `layers.N` and which `blocks.layers.N`
    /// each block is, as the other instruments' legend does for theirs.
    func testAttentionSaysWhichLayerEachBlockIs() throws {
        let s = try session("causal-mask-missing")
        let attention = s.execute("attention").text
        XCTAssertTrue(attention.contains("block 2 head 1"), attention)
        XCTAssertTrue(
            attention.contains("Blocks 1-2 are layers.2-3 in the other instruments and blocks.layers.0-1 in `code`."),
            attention)
        XCTAssertTrue(s.execute("weights").text.contains("layers.2.attn.w_q"))
        XCTAssertTrue(s.execute("code").text.contains("blocks"))
    }

    func testTheAttentionPictureIsARealTransformerWhoseHeadsHaveMeasuredRoles() {
        let picture = AttentionPicture(seed: 1)
        let again = AttentionPicture(seed: 1)
        XCTAssertEqual(picture.weights, again.weights)
        XCTAssertGreaterThan(picture.accuracy, 0.9, "the toy task is learned")
        XCTAssertEqual(picture.weights.count, 2, "two heads")
        for map in picture.weights {
            for (i, row) in map.enumerated() {
                XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-4)
                for j in (i + 1)..<row.count { XCTAssertEqual(row[j], 0, "causal: no weight on later words") }
            }
        }
        // One head follows each role on fresh sequences, as measured.
        let occurrence = picture.roleShares.map { $0[.previousOccurrence] ?? 0 }
        let previous = picture.roleShares.map { $0[.previousPosition] ?? 0 }
        XCTAssertGreaterThan(occurrence.max() ?? 0, 0.7, "\(picture.roleShares)")
        XCTAssertGreaterThan(previous.max() ?? 0, 0.7, "\(picture.roleShares)")
        XCTAssertNotEqual(occurrence.firstIndex(of: occurrence.max()!), previous.firstIndex(of: previous.max()!))
        for head in 0..<2 {
            XCTAssertLessThan(
                AttentionPicture.entropy(picture.unscaledWeights[head]),
                AttentionPicture.entropy(picture.weights[head]),
                "without the scale the map is sharper")
        }
        let text = picture.rendered(style: .plain, unscaled: false)
        XCTAssertTrue(text.contains("[The] [cat] [sat] [on] [the] [mat]"))
        XCTAssertTrue(text.contains("looks at the previous occurrence of the same word"), text)
        XCTAssertTrue(text.contains("looks at the word just before"), text)
        XCTAssertTrue(text.contains("2 heads of d_k = 8"), text)
        for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
    }
}
