using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using Kaizen.Web.Export;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Kaizen.Web.Tests.Export;

// The download is written into the response as it is made: never the whole file in memory, and a failure must not
// reach the client as a workbook that opens.
public class XlsxDownloadTests
{
    // Kestrel refuses synchronous writes unless the response allows them; so does this body.
    private sealed class ResponseBody : MemoryStream
    {
        public required Func<bool> AllowSynchronousIO { get; init; }
        public int LargestWrite { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!AllowSynchronousIO()) throw new InvalidOperationException("Synchronous operations are disallowed.");
            LargestWrite = Math.Max(LargestWrite, count);
            base.Write(buffer, offset, count);
        }

        // Not base.Write(span): in a subclass MemoryStream hands it to Stream.Write(span), which calls Write(byte[]) back.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
    }

    private sealed class BodyControl : IHttpBodyControlFeature
    {
        public bool AllowSynchronousIO { get; set; }
    }

    private static (ActionContext Context, ResponseBody Body) Context()
    {
        var http = new DefaultHttpContext();
        var control = new BodyControl();
        http.Features.Set<IHttpBodyControlFeature>(control);
        var body = new ResponseBody { AllowSynchronousIO = () => control.AllowSynchronousIO };
        http.Response.Body = body;
        return (new ActionContext(http, new RouteData(), new ActionDescriptor()), body);
    }

    private static void Rows(XlsxWorkbook workbook, int rows)
    {
        var sheet = workbook.AddSheet("Rows", [new("Reference"), new("Title"), new("Value", XlsxFormat.Number2)]);
        for (int r = 1; r <= rows; r++) sheet.WriteRow($"KZ-{r:D6}", $"Workshop {r * 7919 % 100_003}", r * 1.5);
    }

    [Fact]
    public async Task A_large_workbook_reaches_the_response_while_it_is_written_and_opens_valid()
    {
        var (context, body) = Context();
        long sentBeforeTheEnd = -1;
        var download = new XlsxDownload("kaizen-rows.xlsx", ReportWorkbooks.ContentType, output =>
        {
            using (var workbook = new XlsxWorkbook(output))
            {
                Rows(workbook, 60_000);
                workbook.AddSheet("Last").WriteRow("end");
                sentBeforeTheEnd = body.Length;
            }
            return Task.CompletedTask;
        });

        await download.ExecuteResultAsync(context);

        Assert.True(sentBeforeTheEnd > 0, "nothing was sent before the workbook was finished");
        Assert.True(body.LargestWrite <= XlsxDownload.BufferSize);
        Assert.Equal(ReportWorkbooks.ContentType, context.HttpContext.Response.ContentType);
        Assert.StartsWith("attachment", context.HttpContext.Response.Headers.ContentDisposition.ToString());
        Assert.Contains("kaizen-rows.xlsx", context.HttpContext.Response.Headers.ContentDisposition.ToString());
        using var document = SpreadsheetDocument.Open(new MemoryStream(body.ToArray()), false);
        XlsxTestFiles.AssertValid(document);
        Assert.Equal(60_001, XlsxTestFiles.SheetPart(document, "Rows").Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Count());
    }

    [Fact]
    public async Task A_failure_before_anything_is_sent_leaves_the_response_to_the_error_page()
    {
        var (context, body) = Context();
        var download = new XlsxDownload("kaizen-rows.xlsx", ReportWorkbooks.ContentType, output =>
        {
            var workbook = new XlsxWorkbook(output);
            workbook.AddSheet("Rows").WriteRow("a");
            workbook.Abandon();
            throw new InvalidOperationException("figures failed");
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => download.ExecuteResultAsync(context));

        Assert.Equal("figures failed", error.Message);
        Assert.Equal(0, body.Length);
        Assert.False(context.HttpContext.Response.Headers.ContainsKey("Content-Disposition"));
    }

    [Fact]
    public async Task A_failure_after_the_download_has_begun_does_not_end_it_as_a_workbook()
    {
        var (context, body) = Context();
        var download = new XlsxDownload("kaizen-rows.xlsx", ReportWorkbooks.ContentType, output =>
        {
            // As ReportWorkbooks.WriteAsync does: a failure abandons the workbook.
            var workbook = new XlsxWorkbook(output);
            try
            {
                Rows(workbook, 60_000);
                throw new InvalidOperationException("a sheet failed");
            }
            catch
            {
                workbook.Abandon();
                throw;
            }
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => download.ExecuteResultAsync(context));

        Assert.True(body.Length > 0, "the test should fail after the download has begun");
        Assert.ThrowsAny<InvalidDataException>(() => new ZipArchive(new MemoryStream(body.ToArray()), ZipArchiveMode.Read));
    }

    // The sheet is compressed on another thread (XlsxEntry); when the output fails there (the connection dropped, the
    // disk filled) the writer must stop with that failure rather than wait for a compressor that has gone.
    [Fact]
    public void An_output_that_fails_while_a_sheet_is_compressed_stops_the_writer_with_that_failure()
    {
        var output = new FailingStream(failAfterBytes: 64 * 1024);
        var workbook = new XlsxWorkbook(output);

        var error = Assert.Throws<IOException>(() =>
        {
            Rows(workbook, 300_000);
            workbook.Save();
        });

        Assert.Equal("The worksheet could not be written to the workbook.", error.Message);
        Assert.Equal("the disk is full", error.InnerException?.Message);
    }

    private sealed class FailingStream(int failAfterBytes) : Stream
    {
        private long written;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            written += buffer.Length;
            if (written > failAfterBytes) throw new IOException("the disk is full");
        }
    }
}
