namespace ArrHost.Client;

/// <summary>How far a starting session has come.</summary>
/// <param name="Stage">The stage: <c>Reserving</c>, <c>StartingVm</c>, <c>ResettingHost</c>, <c>Ready</c>.</param>
/// <param name="Fraction">Estimated completion, 0..1.</param>
/// <param name="EstimatedRemaining">Estimated time until Ready; null when unknown or done.</param>
public sealed record SessionStartupProgress(string Stage, double Fraction, TimeSpan? EstimatedRemaining);
