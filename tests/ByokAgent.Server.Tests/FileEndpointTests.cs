using System.Net;
using System.Net.Http.Headers;
using ByokAgent.Server.Tests.TestSupport;

namespace ByokAgent.Server.Tests;

/// <summary><c>/v1/files</c>: upload, list, download with its content type, delete; the file store's path rules and quota.</summary>
public sealed class FileEndpointTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0x10, 0x80];

    [Fact]
    public async Task Files_UploadListDownloadReplaceAndDelete()
    {
        var project = await server.CreateProjectAsync();

        var created = await (await project.Client.PutAsync("/v1/files/images/logo.png", new ByteArrayContent(Png))).ShouldBeAsync(HttpStatusCode.Created);
        created.Text("path").Should().Be("images/logo.png");
        created.Text("object").Should().Be("file");
        created["size"]!.GetValue<long>().Should().Be(Png.Length);
        created.Text("content_type").Should().Be("image/png");
        await (await project.Client.PutAsync("/v1/files/notes.json", new StringContent("""{"a":1}"""))).ShouldBeAsync(HttpStatusCode.Created);

        var top = await (await project.Client.GetAsync("/v1/files")).ShouldBeAsync(HttpStatusCode.OK);
        top.Text("object").Should().Be("list");
        top["data"]!.AsArray().Select(f => $"{f!.Text("object")} {f!.Text("path")}").Should().BeEquivalentTo("folder images", "file notes.json");
        var deep = await (await project.Client.GetAsync("/v1/files?recursive=true")).ShouldBeAsync(HttpStatusCode.OK);
        deep["data"]!.AsArray().Select(f => f!.Text("path")).Should().Contain("images/logo.png");
        var inFolder = await (await project.Client.GetAsync("/v1/files?path=images")).ShouldBeAsync(HttpStatusCode.OK);
        inFolder["data"]!.AsArray().Select(f => f!.Text("path")).Should().Equal("images/logo.png");
        inFolder["has_more"]!.GetValue<bool>().Should().BeFalse();

        var download = await project.Client.GetAsync("/v1/files/images/logo.png");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
        (await project.Client.GetAsync("/v1/files/notes.json")).Content.Headers.ContentType!.MediaType.Should().Be("application/json");

        var replaced = await (await project.Client.PutAsync("/v1/files/notes.json", new StringContent("""{"a":2}"""))).ShouldBeAsync(HttpStatusCode.OK);
        replaced["size"]!.GetValue<long>().Should().Be(7);
        (await project.Client.GetStringAsync("/v1/files/notes.json")).Should().Be("""{"a":2}""");

        var deleted = await (await project.Client.DeleteAsync("/v1/files/images/logo.png")).ShouldBeAsync(HttpStatusCode.OK);
        deleted["deleted"]!.GetValue<bool>().Should().BeTrue();
        await (await project.Client.GetAsync("/v1/files/images/logo.png")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "file_not_found");
        await (await project.Client.DeleteAsync("/v1/files/images/logo.png")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "file_not_found");
    }

    [Fact]
    public async Task Files_MissingFileOrAFolder_Is404FileNotFound()
    {
        var project = await server.CreateProjectAsync();
        await (await project.Client.PutAsync("/v1/files/docs/a.txt", new StringContent("a"))).ShouldBeAsync(HttpStatusCode.Created);

        await (await project.Client.GetAsync("/v1/files/docs/missing.txt")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "file_not_found");
        await (await project.Client.GetAsync("/v1/files/docs")).ShouldBeErrorAsync(HttpStatusCode.NotFound, "file_not_found");
    }

    [Fact]
    public async Task Files_PathsThatCouldLeaveTheProject_Are400InvalidPath()
    {
        var project = await server.CreateProjectAsync();

        await (await project.Client.GetAsync("/v1/files?path=../other")).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_path");
        await (await project.Client.PutAsync("/v1/files/a%5Cb.txt", new StringContent("x"))).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_path");
        await (await project.Client.PutAsync("/v1/files/x/%252e%252e/y.txt", new StringContent("x"))).ShouldBeErrorAsync(HttpStatusCode.BadRequest, "invalid_path");
        (await (await project.Client.GetAsync("/v1/files?recursive=true")).ShouldBeAsync(HttpStatusCode.OK))["data"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Upload_OverTheFileLimit_Is413FileTooLarge_AndWritesNothing()
    {
        await using var small = ServerFactory.With(new Dictionary<string, string?> { ["ByokAgent:Files:MaxFileBytes"] = "1024" });
        var project = await small.CreateProjectAsync();

        var withLength = await project.Client.PutAsync("/v1/files/big.bin", new ByteArrayContent(new byte[1025]));
        using var chunked = new StreamContent(new MemoryStream(new byte[4096]));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/files/big-chunked.bin") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var withoutLength = await project.Client.SendAsync(request);

        await withLength.ShouldBeErrorAsync(HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        await withoutLength.ShouldBeErrorAsync(HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        withLength.Headers.ConnectionClose.Should().BeTrue("the refused body was left unread");
        withoutLength.Headers.ConnectionClose.Should().BeTrue("the refused body was left unread");
        await (await project.Client.PutAsync("/v1/files/fits.bin", new ByteArrayContent(new byte[1024]))).ShouldBeAsync(HttpStatusCode.Created);
        var listed = await (await project.Client.GetAsync("/v1/files")).ShouldBeAsync(HttpStatusCode.OK);
        listed["data"]!.AsArray().Select(f => f!.Text("path")).Should().Equal("fits.bin");
    }
}
