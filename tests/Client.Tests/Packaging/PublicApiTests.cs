using System.Reflection;

namespace ArrHost.Client.Tests.Packaging;

/// <summary>The SDK's public surface: what a package consumer compiles against.</summary>
public sealed class PublicApiTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every type a consumer can name through a public or protected member of a public type.</summary>
    private static IEnumerable<(string Where, Type Type)> SurfaceTypes()
    {
        foreach (var type in typeof(RemoteRenderingClient).Assembly.GetExportedTypes())
        {
            if (type.BaseType is { } baseType) yield return (type.FullName!, baseType);
            foreach (var i in type.GetInterfaces()) yield return (type.FullName!, i);
            foreach (var member in type.GetMembers(Declared))
            {
                var where = $"{type.FullName}.{member.Name}";
                switch (member)
                {
                    case MethodBase m when m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly:
                        if (m is MethodInfo mi) yield return (where, mi.ReturnType);
                        foreach (var p in m.GetParameters()) yield return (where, p.ParameterType);
                        break;
                    case PropertyInfo p when (p.GetMethod?.IsPublic ?? false) || (p.SetMethod?.IsPublic ?? false) || (p.GetMethod?.IsFamily ?? false):
                        yield return (where, p.PropertyType);
                        break;
                    case FieldInfo f when f.IsPublic || f.IsFamily:
                        yield return (where, f.FieldType);
                        break;
                    case EventInfo e when e.AddMethod?.IsPublic ?? false:
                        yield return (where, e.EventHandlerType!);
                        break;
                }
            }
        }
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType) return Expand(type.GetElementType()!);
        if (type.IsGenericType) return type.GetGenericArguments().SelectMany(Expand).Append(type.GetGenericTypeDefinition());
        return [type];
    }

    [Fact]
    public void PublicApi_EveryMember_NamesNoProtobufContractType()
    {
        var leaks = SurfaceTypes()
            .SelectMany(s => Expand(s.Type).Select(t => (s.Where, Type: t)))
            .Where(s => s.Type.Namespace?.StartsWith("ArrHost.Protos", StringComparison.Ordinal) == true
                        || s.Type.Namespace?.StartsWith("Google.Protobuf", StringComparison.Ordinal) == true)
            .Select(s => $"{s.Where}: {s.Type.FullName}")
            .Distinct()
            .ToList();

        Assert.True(leaks.Count == 0, "Proto types in the SDK's public API:\n" + string.Join("\n", leaks));
    }
}
