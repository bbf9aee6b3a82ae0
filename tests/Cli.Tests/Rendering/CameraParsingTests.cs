using System.Numerics;
using ArrHost.Cli.Rendering;

namespace ArrHost.Cli.Tests.Rendering;

public class CameraParsingTests
{
    [Fact]
    public void ParseKeyframes_Valid_ReadsEveryKey()
    {
        var keys = CameraPaths.ParseKeyframes("""
            [
              {"t": 0, "eye": [0, 1, 4], "target": [0, 0, 0]},
              {"t": 1.5, "eye": [4, 1.5, 0], "target": [0, 0.5, 0]}, // trailing comma and comments are fine
            ]
            """);

        Assert.Equal(2, keys.Count);
        Assert.Equal(new CameraKeyframe(1.5, new Vector3(4, 1.5f, 0), new Vector3(0, 0.5f, 0)), keys[1]);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"t\":0}", "expected an array")]
    [InlineData("[]", "empty")]
    [InlineData("[1]", "keyframe 0 is not an object")]
    [InlineData("[{\"eye\":[0,0,1],\"target\":[0,0,0]}]", "\"t\"")]
    [InlineData("[{\"t\":-1,\"eye\":[0,0,1],\"target\":[0,0,0]}]", ">= 0")]
    [InlineData("[{\"t\":0,\"eye\":[0,1],\"target\":[0,0,0]}]", "\"eye\" must be an array of 3 numbers")]
    [InlineData("[{\"t\":0,\"eye\":[0,0,1],\"target\":[0,\"x\",0]}]", "\"target\"")]
    [InlineData("[{\"t\":0,\"eye\":[0,0,0],\"target\":[0,0,0]}]", "same point")]
    [InlineData("[{\"t\":1,\"eye\":[0,0,1],\"target\":[0,0,0]},{\"t\":1,\"eye\":[0,0,2],\"target\":[0,0,0]}]", "share the time 1")]
    public void ParseKeyframes_Bad_NamesTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => CameraPaths.ParseKeyframes(json, "path.json"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("path.json", ex.Message);
    }
}
