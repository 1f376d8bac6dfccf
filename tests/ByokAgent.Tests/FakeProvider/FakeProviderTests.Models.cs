using System.Net;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Testing;

public sealed partial class FakeProviderTests
{
    [Theory]
    [InlineData("/v1/models")]
    [InlineData("/models")]
    [InlineData("/api/v1/models")]
    [InlineData("/v1beta/openai/models")]
    public async Task Models_List_ReturnsTheConfiguredIds(string path)
    {
        _provider.Models.Clear();
        _provider.Models.Add("gpt-4o-mini");
        _provider.Models.Add("openai/gpt-4o");

        using var response = await _http.GetAsync(new Uri(_provider.BaseUri, path), Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await ReadJsonAsync(response);
        body["object"]!.GetValue<string>().Should().Be("list");
        var data = body["data"]!.AsArray();
        data.Select(model => model!["id"]!.GetValue<string>()).Should().Equal("gpt-4o-mini", "openai/gpt-4o");
        data.Should().OnlyContain(model =>
            model!["object"]!.GetValue<string>() == "model"
            && model["created"]!.GetValue<long>() > 0
            && model["owned_by"]!.GetValue<string>().Length > 0);
    }

    [Fact]
    public async Task Models_Default_IncludesGptTest()
    {
        using var response = await _http.GetAsync("models", Timeout);

        var ids = (await ReadJsonAsync(response))["data"]!.AsArray().Select(model => model!["id"]!.GetValue<string>());
        ids.Should().Contain("gpt-test");
    }

    [Theory]
    [InlineData("v1/models/gpt-test", "gpt-test")]
    [InlineData("api/v1/models/openai/gpt-4o", "openai/gpt-4o")]
    [InlineData("v1beta/openai/models/models/gemini-2.5-flash", "models/gemini-2.5-flash")]
    public async Task Models_GetKnownId_ReturnsTheModelObject(string path, string id)
    {
        _provider.Models.Add("openai/gpt-4o");
        _provider.Models.Add("models/gemini-2.5-flash");

        using var response = await _http.GetAsync(new Uri(_provider.BaseUri, path), Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var model = await ReadJsonAsync(response);
        model["id"]!.GetValue<string>().Should().Be(id);
        model["object"]!.GetValue<string>().Should().Be("model");
    }

    [Fact]
    public async Task Models_GetUnknownId_Returns404ModelNotFound()
    {
        using var response = await _http.GetAsync("models/gpt-5.2-proo", Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var error = (await ReadJsonAsync(response))["error"]!;
        error["message"]!.GetValue<string>().Should().Be("The model `gpt-5.2-proo` does not exist or you do not have access to it.");
        error["type"]!.GetValue<string>().Should().Be("invalid_request_error");
        error["param"].Should().BeNull();
        error["code"]!.GetValue<string>().Should().Be("model_not_found");
    }

    [Fact]
    public async Task Models_AreNotScripted_SoTheQueueIsLeftForChat()
    {
        _provider.Enqueue(FakeReply.Error(500, "{}"));

        using var response = await _http.GetAsync("models", Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _provider.PendingReplies.Should().Be(1);
        _provider.Requests.Should().ContainSingle().Which.Path.Should().Be("/v1/models");
    }

    [Fact]
    public async Task UnknownPath_Returns404AndIsRecorded()
    {
        using var response = await _http.DeleteAsync("files/abc", Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadJsonAsync(response))["error"]!["message"]!.GetValue<string>().Should().Contain("no route for DELETE /v1/files/abc");
        _provider.Requests.Should().ContainSingle().Which.Method.Should().Be("DELETE");
    }
}
