using System.Text.RegularExpressions;
using ArrHost.Protos.V1;
using Google.Protobuf.Reflection;

namespace ArrHost.Protos.Tests;

public sealed class ContractDocumentationTests
{
    private static readonly string s_protoDir = Path.Combine(FindRoot(), "src", "Protos", "arr", "v1");

    public static TheoryData<string> ProtoFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(s_protoDir, "*.proto")) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(ProtoFiles))]
    public void ProtoFile_EveryDeclaration_HasACommentAbove(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(s_protoDir, file));
        var declaration = new Regex(@"^\s*(message|enum|service|rpc|oneof)\s|^\s*(repeated\s+|optional\s+)?[\w.]+\s+\w+\s*=\s*\d+\s*;");
        var undocumented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!declaration.IsMatch(lines[i]) || lines[i].TrimStart().StartsWith("option ")) continue;
            var above = i > 0 ? lines[i - 1].Trim() : "";
            if (!above.StartsWith("//")) undocumented.Add($"{file}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(undocumented.Count == 0, "Undocumented:\n" + string.Join("\n", undocumented));
    }

    [Fact]
    public void Descriptors_ThreeServices_HaveExpectedStreamingKinds()
    {
        var sessions = SessionsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Sessions");
        var agent = HostAgentReflection.Descriptor.FindTypeByName<ServiceDescriptor>("HostAgent");
        var render = RenderReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Render");

        Assert.Equal("arr.v1.Sessions", sessions.FullName);
        var watch = sessions.FindMethodByName("WatchSession");
        Assert.True(watch.IsServerStreaming);
        Assert.False(watch.IsClientStreaming);
        Assert.False(sessions.FindMethodByName("CreateSession").IsServerStreaming);

        var attach = agent.FindMethodByName("Attach");
        Assert.True(attach.IsClientStreaming && attach.IsServerStreaming);
        var connect = render.FindMethodByName("Connect");
        Assert.True(connect.IsClientStreaming && connect.IsServerStreaming);
        Assert.Equal(ClientMessage.Descriptor, connect.InputType);
    }

    [Fact]
    public void SessionStatus_Numbers_MatchTheRealSdk()
    {
        Assert.Equal(1, (int)SessionStatus.Starting);
        Assert.Equal(2, (int)SessionStatus.Ready);
        Assert.Equal(3, (int)SessionStatus.Stopped);
        Assert.Equal(4, (int)SessionStatus.Expired);
        Assert.Equal(5, (int)SessionStatus.Error);
    }

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "ArrHost.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("ArrHost.sln not found above " + AppContext.BaseDirectory);
    }
}
