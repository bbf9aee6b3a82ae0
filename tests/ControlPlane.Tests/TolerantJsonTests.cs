using System.Text;
using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Rest;

namespace ArrHost.ControlPlane.Tests;

public sealed class TolerantJsonTests
{
    [Theory]
    [InlineData("{ 'maxLeaseTime': '4:0:0', 'models': [], 'size': 'standard' }", "standard")]
    [InlineData("{\"maxLeaseTime\": \"4:0:0\", \"size\": \"it's\"}", "it's")]
    [InlineData("{'maxLeaseTime': '4:0:0', 'size': 'it\\'s \"quoted\"'}", "it's \"quoted\"")]
    [InlineData("{'maxLeaseTime': '4:0:0', 'size': 'a\\\\b'}", "a\\b")]
    public void Parse_SingleOrDoubleQuotes_ReadsTheSameValues(string body, string size)
    {
        using var doc = TolerantJson.Parse(Encoding.UTF8.GetBytes(body));
        var f = TolerantJson.Fields(doc, "maxLeaseTime", "models", "size");
        Assert.Equal(size, TolerantJson.RequiredString(f, "size"));
        Assert.Equal(240, TolerantJson.ParseLeaseTime(TolerantJson.RequiredString(f, "maxLeaseTime"), "maxLeaseTime"));
    }

    [Theory]
    [InlineData("{'size': 'standard}")]
    [InlineData("{'size': 'standard',}")]
    [InlineData("['size']")]
    [InlineData("")]
    [InlineData("{'size': 'a', 'SIZE': 'b'}")]
    public void Parse_Malformed_BadRequest(string body)
    {
        var ex = Assert.Throws<ArrException>(() =>
        {
            using var doc = TolerantJson.Parse(Encoding.UTF8.GetBytes(body));
            TolerantJson.Fields(doc, "size");
        });
        Assert.Equal(ErrorKind.BadRequest, ex.Kind);
    }

    [Theory]
    [InlineData("4:0:0", 240)]
    [InlineData("0:30:0", 30)]
    [InlineData("0:0:1", 1)]
    [InlineData("24:0:0", 1440)]
    public void ParseLeaseTime_HoursMinutesSeconds_WholeMinutesRoundedUp(string text, long minutes) =>
        Assert.Equal(minutes, TolerantJson.ParseLeaseTime(text, "maxLeaseTime"));

    [Theory]
    [InlineData("-1:0:0")]
    [InlineData("4:60:0")]
    [InlineData("4h")]
    [InlineData("4:0")]
    public void ParseLeaseTime_Invalid_BadRequest(string text) =>
        Assert.Equal(ErrorKind.BadRequest, Assert.Throws<ArrException>(() => TolerantJson.ParseLeaseTime(text, "maxLeaseTime")).Kind);
}
