namespace ArrHost.RenderHost.Tests.Service;

/// <summary>The tests that share one <see cref="ModelServerHostFixture"/>; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ModelServerHostCollection : ICollectionFixture<ModelServerHostFixture>
{
    public const string Name = "model server host";
}
