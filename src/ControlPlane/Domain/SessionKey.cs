namespace ArrHost.ControlPlane.Domain;

/// <summary>Sessions are unique per account: the same id in two accounts names two sessions.</summary>
internal readonly record struct SessionKey(string AccountId, string Id)
{
    public override string ToString() => $"{AccountId}/{Id}";
}
