using System.Text.Json;
using ArrHost.ControlPlane.Domain;

namespace ArrHost.ControlPlane.Rest;

/// <summary>The 2021-01-01 conversion object; every key always present, SAS tokens never echoed.</summary>
internal static class ConversionJson
{
    public static void Write(Utf8JsonWriter w, ConversionRecord c)
    {
        var s = c.Settings;
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteStartObject("settings");
        w.WriteStartObject("inputLocation");
        w.WriteString("storageContainerUri", s.InputContainer);
        w.WriteString("blobPrefix", s.InputBlobPrefix);
        w.WriteString("relativeInputAssetPath", s.RelativeInputAssetPath);
        w.WriteEndObject();
        w.WriteStartObject("outputLocation");
        w.WriteString("storageContainerUri", s.OutputContainer);
        w.WriteString("blobPrefix", s.OutputBlobPrefix);
        if (s.OutputAssetFilename is null) w.WriteNull("outputAssetFilename"); else w.WriteString("outputAssetFilename", s.OutputAssetFilename);
        w.WriteEndObject();
        w.WriteEndObject();
        if (c.OutputAssetUri is null) w.WriteNull("output");
        else
        {
            w.WriteStartObject("output");
            w.WriteString("outputAssetUri", c.OutputAssetUri);
            w.WriteEndObject();
        }
        if (c.ErrorCode is null) w.WriteNull("error");
        else
        {
            w.WriteStartObject("error");
            w.WriteString("code", c.ErrorCode);
            w.WriteString("message", c.ErrorMessage);
            w.WriteNull("details");
            w.WriteNull("target");
            w.WriteNull("innerError");
            w.WriteEndObject();
        }
        w.WriteString("status", c.Status.ToString());
        w.WriteString("creationTime", RestResponses.Iso(c.CreationTime));
        w.WriteEndObject();
    }
}
