using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Meicheng.Web.Tests.Projects;

/// <summary>Builds a small project sheet (项目清单) the way an office fills it in.</summary>
internal static class ProjectSheets
{
    public static readonly string[] Headers =
    [
        "项目名称", "项目类型", "建设单位", "主管部门", "区（市）", "建设地点", "建设内容及规模", "总投资（万元）", "年度计划投资（万元）", "资金来源",
        "开工时间", "竣工时间", "项目状态", "形象进度", "入库情况", "入库编号",
    ];

    public static string[] Row(string name, string type = "大气减排", string owner = "青岛某热电公司", string department = "市生态环境局", string district = "黄岛区",
        string investment = "1200", string start = "2025-03-01", string completion = "2026/10/31", string status = "在建", string planned = "300", string source = "市财政") =>
        [name, type, owner, department, district, "董家口", "锅炉超低排放改造", investment, planned, source, start, completion, status, "", "省", ""];

    public static byte[] Build(IEnumerable<string[]> rows, string[]? headers = null, string sheet = "项目清单")
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook(new Sheets());
            var part = workbookPart.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint r = 1;
            foreach (var row in new[] { headers ?? Headers }.Concat(rows))
            {
                var xml = new Row { RowIndex = r };
                for (var c = 0; c < row.Length; c++)
                {
                    xml.Append(new Cell
                    {
                        CellReference = $"{(char)('A' + c)}{r.ToString(CultureInfo.InvariantCulture)}", DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(row[c])),
                    });
                }
                data.Append(xml);
                r++;
            }
            part.Worksheet = new Worksheet(data);
            workbookPart.Workbook.Sheets!.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = 1, Name = sheet });
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }
}
