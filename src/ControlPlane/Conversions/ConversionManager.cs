using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Store;

namespace ArrHost.ControlPlane.Conversions;

/// <summary>Creates, reads and lists asset conversions; the work itself runs in <see cref="ConversionWorker"/>.</summary>
internal sealed class ConversionManager(IControlPlaneStore store, ConversionLocations locations, ConversionQueue queue, TimeProvider clock)
{
    /// <summary>
    /// Starts a conversion: (conversion, true) when new, (existing, false) when the same id exists with the same
    /// settings (an idempotent retry); Conflict when it exists with other settings; BadRequest for bad input.
    /// </summary>
    public async Task<(ConversionRecord Conversion, bool Created)> CreateAsync(string accountId, string id, ConversionSettings settings, CancellationToken ct)
    {
        ValidateId(id);
        locations.Validate(settings);
        var record = new ConversionRecord
        {
            AccountId = accountId,
            Id = id,
            Settings = settings,
            Status = ConversionStatus.NotStarted,
            CreationTime = clock.GetUtcNow(),
        };
        if (await store.InsertConversionAsync(record, ct))
        {
            queue.Enqueue(accountId, id);
            return (record, true);
        }
        var existing = await store.GetConversionAsync(accountId, id, ct) ?? throw ArrException.Conflict($"Conversion '{id}' is being created by another request.");
        if (existing.Settings != settings)
            throw ArrException.Conflict($"Conversion '{id}' already exists with other settings; conversions cannot be changed, use a new id.");
        return (existing, false);
    }

    public async Task<ConversionRecord> GetAsync(string accountId, string id, CancellationToken ct)
    {
        ValidateId(id);
        return await store.GetConversionAsync(accountId, id, ct) ?? throw ArrException.NotFound($"Conversion '{id}' was not found in this account.");
    }

    public Task<ConversionPage> ListAsync(string accountId, int pageSize, string? cursor, CancellationToken ct) =>
        store.ListConversionsAsync(accountId, pageSize, string.IsNullOrEmpty(cursor) ? null : cursor, ct);

    private static void ValidateId(string id)
    {
        if (!SessionRules.IsValidId(id))
            throw ArrException.BadRequest("The conversion id must be 1 to 256 characters: letters, digits, '-' and '_'.");
    }
}
