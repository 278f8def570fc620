import ConvergeLanguage
import ConvergeScenarios
import ConvergeTestSupport
import XCTest

@testable import ConvergeSession

/// The bug lives in the code, not in a settings list, and the code is the true PyTorch
/// equivalent of the setup.
final class HonestSandboxTests: XCTestCase {
    func script(_ setup: Setup, _ scenario: Scenario) throws -> String {
        let shape = Array(try library.dataset(scenario.data).inputs.shape.dropFirst())
        return TrainingScript(setup: setup, data: scenario.data, exampleShape: shape).text
    }

    /// Every bug is observable: for every scenario and each of its cures, the script or the
    /// configuration of the broken setup differs from that of the cured one. And `config`
    /// never names a choice that is a line of code.
    func testEveryBugShowsInTheCodeOrTheConfiguration() throws {
        func visible(_ session: Session) -> String {
            session.execute("code").text
                + session.execute("config").text.replacingOccurrences(of: " *", with: "")
                .replacingOccurrences(of: "\n* changed from the original", with: "")
        }
        for scenario in catalog {
            let session = try Session(scenario: scenario, library: library)
            let broken = visible(session)
            // `config` never names a choice that is a line of code.
            let config = session.execute("config").text
            for knob in KnobID.allCases where knob.place == .code {
                XCTAssertFalse(config.contains("\n\(knob.rawValue) "), "\(scenario.id): \(knob.rawValue)")
            }
            for cure in scenario.cures {
                for change in cure.changes { XCTAssertFalse(session.execute(change.description).isError, "\(change)") }
                XCTAssertNotEqual(
                    visible(session), broken, "\(scenario.id): the cure \(cure.changes) changes nothing visible")
                session.execute("reset")
            }
        }
    }

    /// For every setup of the catalogue and its cures, the script names the right layers,
    /// loss and metric.
    func testTheScriptNamesTheRightModelLossAndMetric() throws {
        for scenario in catalog {
            var setups = [scenario.setup]
            for cure in scenario.cures { setups.append(try cure.applied(to: scenario.setup)) }
            for setup in setups {
                let text = try script(setup, scenario)
                let label = "\(scenario.id) \(setup.architecture) \(setup.loss)"
                switch setup.architecture {
                case .mlp:
                    XCTAssertTrue(text.contains("model = nn.Sequential("), label)
                    XCTAssertEqual(
                        text.components(separatedBy: "nn.Linear(").count - 1, setup.hidden.count + 1, label)
                    XCTAssertTrue(text.contains(setup.activation.pytorchModule), label)
                case .rnn:
                    XCTAssertTrue(text.contains("nn.RNN(n_features"), label)
                    XCTAssertFalse(text.contains("nn.Sequential"), label)
                case .lstm:
                    XCTAssertTrue(text.contains("nn.LSTM(n_features"), label)
                case .attention:
                    XCTAssertTrue(text.contains("scores = q @ k.transpose(-2, -1)"), label)
                    XCTAssertEqual(text.contains("/ math.sqrt(\(setup.keyDimension))"), setup.attentionScaled, label)
                case .transformer:
                    XCTAssertTrue(text.contains("nn.TransformerEncoderLayer("), label)
                    XCTAssertTrue(text.contains("num_layers=\(setup.blocks)"), label)
                    XCTAssertTrue(text.contains("nhead=\(setup.heads)"), label)
                    XCTAssertEqual(text.contains("self.pos"), setup.positions != .none, label)
                    XCTAssertEqual(text.contains("norm_first=True"), setup.normPlacement == .pre, label)
                    XCTAssertEqual(text.contains("is_causal=True"), setup.causal, label)
                case .cnn:
                    let kernel = "\(setup.kernelSize), padding=\(setup.kernelSize / 2))"
                    XCTAssertEqual(text.components(separatedBy: kernel).count - 1, setup.channels.count, label)
                    XCTAssertEqual(text.contains("nn.BatchNorm2d("), setup.normalization == .batchnorm, label)
                    XCTAssertEqual(text.contains("Residual("), setup.residual, label)
                    XCTAssertEqual(text.contains("nn.AdaptiveAvgPool2d(1)"), setup.head == .globalAverage, label)
                    XCTAssertTrue(text.contains("images (channels x height x width)"), label)
                }
                switch setup.loss {
                case .mse:
                    XCTAssertTrue(text.contains("nn.MSELoss()") && text.contains("val_loss ="), label)
                    XCTAssertFalse(text.contains("accuracy("), label)
                case .crossEntropy:
                    XCTAssertTrue(text.contains("nn.CrossEntropyLoss()") && text.contains("val_acc ="), label)
                case .naiveLogSoftmax:
                    XCTAssertTrue(text.contains("-torch.log(F.softmax(logits, dim=1))"), label)
                }
                XCTAssertEqual(text.contains("optimizer.zero_grad()"), setup.zeroGrad, label)
                XCTAssertEqual(text.contains("model.eval()"), setup.evaluationMode == .evaluation, label)
                XCTAssertEqual(text.contains("nn.Softmax(dim=1)"), setup.outputSoftmax, label)
            }
        }
    }
}

/// Nothing a candidate reads before investigating names the bug: not even their own
/// transcript, which is on their disk.
final class NoSpoilerTests: XCTestCase {
    func testTheTranscriptNamesTheHandleNotTheScenario() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("converge-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let scenario = try scenario("shuffled-labels")
        let session = try Session(scenario: scenario, library: library, transcript: try Transcript(url: url))
        session.execute("curve")
        let first = try XCTUnwrap(try String(contentsOf: url, encoding: .utf8).split(separator: "\n").first)
        XCTAssertFalse(first.contains(scenario.id), String(first.prefix(200)))
        XCTAssertTrue(first.contains(scenario.handle))
    }

    /// Every teammate report and title describes what was seen, not the cause: read as a
    /// diagnosis, none names the bug. (A report may name a component the teammate must keep,
    /// such as dropout, but not what is wrong with it.)
    func testTitlesAndReportsDoNotStateTheCause() {
        for scenario in catalog {
            let reading = DiagnosisReader.read(scenario.title + ". " + scenario.report, for: scenario)
            XCTAssertFalse(reading.isCorrect, "\(scenario.id): the title and report state the bug")
        }
        let exploding = catalog.first { $0.id == "rnn-exploding" }?.report ?? ""
        XCTAssertFalse(exploding.contains("re-initialised"), "the report said what was changed")
    }

    /// The help and the prompt for a diagnosis give no example that is some case's answer:
    /// `diagnose the inputs are not standardised` was pixel-scale's.
    func testHelpGivesNoCaseItsAnswer() throws {
        let s = try session("lr-too-high")
        let texts = ["help", "help diagnose", "diagnose", "help run", "help eval"].map { s.execute($0).text }
        for scenario in catalog {
            for text in texts {
                XCTAssertFalse(DiagnosisReader.read(text, for: scenario).isCorrect, "\(scenario.id): \(text)")
            }
        }
    }
}

/// A regression model is described as one: no classes, no ln C, no accuracy.
final class RegressionHonestyTests: XCTestCase {
    func testARegressionCaseIsDescribedWithoutClasses() throws {
        let s = try Session(scenario: try scenario("rnn-vanishing"), library: library)
        let data = s.execute("data").text
        XCTAssertTrue(data.contains("targets: real numbers"), data)
        XCTAssertTrue(data.contains("sequences of 30 steps x 2 features"), data)
        XCTAssertFalse(data.contains("classes"), data)
        let initLoss = s.execute("init-loss").text
        XCTAssertFalse(initLoss.contains("ln C"), initLoss)
        XCTAssertTrue(initLoss.contains("variance"), initLoss)
        let code = s.execute("code").text
        XCTAssertFalse(code.contains("accuracy"), code)
    }

    /// A regression model's predictions are listed one row per example, aligned with their
    /// targets.
    func testRegressionPredictionsLineUpWithTheirTargets() throws {
        let text = try Session(scenario: try scenario("rnn-vanishing"), library: library).execute("predict").text
        let rows = text.split(separator: "\n").filter { $0.first?.isNumber == true }
        XCTAssertEqual(rows.count, 10, text)
        let widths = Set(rows.map(\.count))
        XCTAssertEqual(widths.count, 1, "every row as wide as the others: \(text)")
    }

    /// overfit-batch judges a regression model by its loss against the batch's variance; a
    /// loss still falling is not an alarm.
    func testOverfitBatchJudgesRegressionByItsLoss() throws {
        let s = try Session(scenario: try scenario("rnn-vanishing"), library: library)
        let result = s.execute("overfit-batch 400")
        XCTAssertFalse(result.text.contains("accuracy"), result.text)
        XCTAssertEqual(result.flag("memorised"), true, result.text)
        XCTAssertFalse(s.execute("set architecture lstm").isError)
        let short = s.execute("overfit-batch 20")
        XCTAssertTrue(short.text.contains("still falling") || short.flag("memorised") == true, short.text)
        XCTAssertFalse(short.text.contains("broken"), short.text)
    }
}

/// Every alarm of grad-through-time fires where it must and stays quiet where it must not.
final class ThroughTimeAlarmTests: XCTestCase {
    func abnormal(_ id: String, _ changes: [String] = []) throws -> Set<Signal> {
        let s = try Session(scenario: try scenario(id), library: library)
        for change in changes { XCTAssertFalse(s.execute(change).isError, change) }
        let record = try XCTUnwrap(s.execute("grad-through-time").decoded(as: GradThroughTimeCommand.Record.self))
        return Set(record.findings.filter(\.abnormal).map(\.signal))
    }

    func testExplodingAndVanishingThroughTime() throws {
        XCTAssertEqual(try abnormal("rnn-exploding"), [.explodingThroughTime])
        XCTAssertEqual(try abnormal("rnn-exploding", ["set recurrent-init default"]), [])
        XCTAssertEqual(try abnormal("rnn-vanishing"), [.vanishingThroughTime])
        // At initialisation an LSTM's forget gates sit near 0.5, so its gradient too fades
        // through 30 steps until training opens them: only the explosion must stay quiet.
        XCTAssertFalse(try abnormal("rnn-vanishing", ["set architecture lstm"]).contains(.explodingThroughTime))
    }
}

/// Going back: `runs` lists every run of the session and `curve N` shows one of them.
final class RunHistoryTests: XCTestCase {
    func testRunsListsEveryRunAndCurveShowsOne() throws {
        let s = try Session(scenario: try scenario("lr-too-high"), library: library)
        s.execute("set lr 0.1")
        s.execute("run")
        let runs = s.execute("runs").text
        XCTAssertTrue(runs.contains("the teammate's setup") && runs.contains("set lr 0.1"), runs)
        XCTAssertTrue(runs.contains("diverged"), runs)
        let first = s.execute("curve 1")
        XCTAssertTrue(first.text.hasPrefix("run 1 (the original setup)"), first.text)
        XCTAssertTrue(first.text.contains("NaN"))
        XCTAssertFalse(s.execute("curve").text.contains("NaN"), "the last run is the fixed one")
        XCTAssertTrue(s.execute("curve 3").isError)
    }
}

/// A transcript stores plain text: a replay shows no colour codes, whatever the terminal.
final class PlainTranscriptTests: XCTestCase {
    func testTheTranscriptStoresNoColourCodes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("converge-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let session = try Session(
            scenario: try scenario("lr-too-high"), library: library, style: TextStyle(unicode: true, colour: true),
            transcript: try Transcript(url: url))
        XCTAssertTrue(session.execute("init-loss").text.contains("\u{1B}["), "coloured on the terminal")
        let stored = try String(contentsOf: url, encoding: .utf8).lowercased()
        XCTAssertFalse(stored.contains("\\u001b") || stored.contains("\u{1B}"), "no escape codes stored")
    }
}
