using ArrHost.ControlPlane.Domain;
using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Store;

/// <summary>One page of conversions and the cursor of the next one (null on the last page).</summary>
internal sealed record ConversionPage(IReadOnlyList<ConversionRecord> Conversions, string? NextCursor);
