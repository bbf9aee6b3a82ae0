namespace ArrHost.Bench.Matrix;

/// <summary>One round of a scenario: foreign CPU of its e2e and limit runs and their headline numbers.</summary>
internal sealed record RoundSummary(int Round, double? E2eForeignCpu, double? LimitForeignCpu, double? E2eP50, double? LimitP50, double? E2eFps, double? LimitFps);
