using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock.Converse;

/// <summary>Maps M.E.AI content to Converse content blocks (<c>text</c>, <c>toolUse</c>, <c>toolResult</c>, ...).</summary>
internal static class ConverseContent
{
    public static List<JsonNode> ToBlocks(ChatMessage message, ToolHistory history)
    {
        var blocks = new List<JsonNode>();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent { Text: var text } when !string.IsNullOrWhiteSpace(text):
                    blocks.Add(new JsonObject { ["text"] = text });
                    break;
                case TextReasoningContent { ProtectedData: { Length: > 0 } signature } reasoning:
                    // Bedrock accepts earlier reasoning back only with its signature; unsigned reasoning is dropped.
                    blocks.Add(new JsonObject
                    {
                        ["reasoningContent"] = new JsonObject
                        {
                            ["reasoningText"] = new JsonObject { ["text"] = reasoning.Text, ["signature"] = signature },
                        },
                    });
                    break;
                case FunctionCallContent call:
                    history.AddCall(call.Name);
                    blocks.Add(new JsonObject
                    {
                        ["toolUse"] = new JsonObject
                        {
                            ["toolUseId"] = call.CallId,
                            ["name"] = call.Name,
                            ["input"] = ToolArguments.ToJson(call.Arguments),
                        },
                    });
                    break;
                case FunctionResultContent result:
                    history.AddResult();
                    blocks.Add(ToolResult(result));
                    break;
                case DataContent data when ImageFormat(data.MediaType) is { } format:
                    blocks.Add(new JsonObject
                    {
                        ["image"] = new JsonObject
                        {
                            ["format"] = format,
                            ["source"] = new JsonObject { ["bytes"] = Convert.ToBase64String(data.Data.Span) },
                        },
                    });
                    break;
            }
        }

        return blocks;
    }

    private static JsonObject ToolResult(FunctionResultContent result)
    {
        var toolResult = new JsonObject
        {
            ["toolUseId"] = result.CallId,
            ["content"] = new JsonArray(new JsonObject { ["text"] = ResultText(result.Result) }),
        };

        // "success" is Bedrock's default and is left out: only some models (Anthropic's) accept the status field, so
        // it is sent only when it carries news — a failed tool.
        if (result.Exception is not null)
        {
            toolResult["status"] = "error";
        }

        return new JsonObject { ["toolResult"] = toolResult };
    }

    private static string ResultText(object? result)
    {
        var text = result switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))),
        };

        // Bedrock rejects a blank text block, and a tool may well return nothing.
        return string.IsNullOrWhiteSpace(text) ? "(empty result)" : text;
    }

    private static string? ImageFormat(string mediaType) => mediaType.ToUpperInvariant() switch
    {
        "IMAGE/PNG" => "png",
        "IMAGE/JPEG" or "IMAGE/JPG" => "jpeg",
        "IMAGE/GIF" => "gif",
        "IMAGE/WEBP" => "webp",
        _ => null,
    };
}
