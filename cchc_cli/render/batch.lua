-- Convert many Markdown documents to DOCX in one pandoc process (pandoc lua batch.lua JOBS.json).
-- One process for the whole build saves ~0.3 s of start-up per document.
-- JOBS.json: {"reference_doc": path, "nonce": str, "jobs": [{"input": md_path, "output": docx_path}]}

local json = pandoc.json

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local spec = json.decode(read_file(arg[1]))
local nonce_mark = "<!--" .. spec.nonce .. "-->"

-- Raw blocks are ours only if they carry this build's nonce; any other raw
-- content (HTML or OpenXML typed into a Markdown field) is shown as text.
local function keep_raw(el, make_text)
  local s = el.text
  if s:sub(1, #nonce_mark) == nonce_mark then
    el.text = s:sub(#nonce_mark + 1)
    return el
  end
  return make_text(s)
end

-- Official documents write list items as paragraphs starting with "- " or "1.",
-- indented like every body paragraph, not as Word lists with hanging bullets.
local function prefix_blocks(blocks, marker)
  local out = pandoc.Blocks({})
  for i, b in ipairs(blocks) do
    if i == 1 and (b.t == "Plain" or b.t == "Para") then
      local content = pandoc.Inlines({pandoc.Str(marker), pandoc.Space()})
      content:extend(b.content)
      out:insert(pandoc.Para(content))
    elseif b.t == "Plain" then
      out:insert(pandoc.Para(b.content))
    else
      out:insert(b)
    end
  end
  return out
end

-- No local resource is ever read: pandoc's DOCX writer would embed the file an image names
-- (any readable file of the build machine). The validator refuses images and file: links with
-- their position; this is the second line, for Markdown that reaches pandoc by any other way.
local function is_file_url(s)
  return s:lower():match("^%s*file:") ~= nil
end

-- The one exception: pictures cchc drew itself for this document, named by the job.
local allowed_images = {}

local filter = {
  Image = function(el)
    if allowed_images[el.src] then
      return el
    end
    return el.caption
  end,
  Link = function(el)
    if is_file_url(el.target) then
      return el.content
    end
  end,
  RawBlock = function(el)
    return keep_raw(el, function(s) return pandoc.Para(pandoc.Inlines(s)) end)
  end,
  RawInline = function(el)
    return keep_raw(el, function(s) return pandoc.Str(s) end)
  end,
  BulletList = function(el)
    local out = pandoc.Blocks({})
    for _, item in ipairs(el.content) do
      out:extend(prefix_blocks(item, "-"))
    end
    return out
  end,
  OrderedList = function(el)
    local out = pandoc.Blocks({})
    local n = el.listAttributes.start
    local delim = el.listAttributes.delimiter == "OneParen" and ")" or "."
    for _, item in ipairs(el.content) do
      out:extend(prefix_blocks(item, tostring(n) .. delim))
      n = n + 1
    end
    return out
  end,
}

-- A raw block starting with this mark (the Nơi nhận / signature block) must not
-- stand alone on a page: the paragraph before it gets a keep-with-next style.
local KEEP_MARK = "<!--cchc:giu-voi-truoc-->"
local KEEP_STYLE = "VB Giu voi sau"

local function keep_with_signature(blocks)
  local out = pandoc.Blocks({})
  for _, b in ipairs(blocks) do
    if b.t == "RawBlock" and b.text:sub(1, #KEEP_MARK) == KEEP_MARK then
      b.text = b.text:sub(#KEEP_MARK + 1)
      local prev = out[#out]
      if prev and (prev.t == "Para" or prev.t == "Plain") then
        out[#out] = pandoc.Div({pandoc.Para(prev.content)}, {["custom-style"] = KEEP_STYLE})
      end
    end
    out:insert(b)
  end
  return out
end

-- Pandoc Markdown without the extensions that would surprise an author of a
-- Markdown field: "@x" citations, "$" maths, "---" metadata, "|" line blocks,
-- smart quotes/dashes, "~"/"^" sub/superscript, "(@)" example lists.
local reader_format = table.concat({
  "markdown", "-smart", "-auto_identifiers", "-citations", "-tex_math_dollars", "-raw_tex",
  "-yaml_metadata_block", "-pandoc_title_block", "-implicit_figures", "-task_lists",
  "-example_lists", "-line_blocks", "-subscript", "-superscript", "-definition_lists",
})

local writer_options = {reference_doc = spec.reference_doc}
if spec.template and spec.template ~= json.null then
  writer_options.template = pandoc.template.compile(read_file(spec.template))
end

-- Core properties: plain strings (never parsed as Markdown), author as a one-item list.
local function set_meta(doc, meta)
  for key, value in pairs(meta or {}) do
    if key == "author" then
      doc.meta.author = pandoc.MetaList({pandoc.MetaString(value)})
    else
      doc.meta[key] = pandoc.MetaString(value)
    end
  end
end

local function convert(job)
  allowed_images = {}
  for _, path in ipairs(job.images or {}) do
    allowed_images[path] = true
  end
  local doc = pandoc.read(read_file(job.input), reader_format)
  doc = doc:walk(filter)
  doc.blocks = keep_with_signature(doc.blocks)
  set_meta(doc, job.meta)
  local bytes = pandoc.write(doc, "docx", writer_options)
  local f = assert(io.open(job.output, "wb"))
  f:write(bytes)
  f:close()
end

-- One document failing does not stop the others; cchc is told which one and why.
for _, job in ipairs(spec.jobs) do
  local ok, err = pcall(convert, job)
  if ok then
    io.stdout:write(job.output, "\n")
  else
    os.remove(job.output)
    io.stdout:write("FAIL\t", job.output, "\t", (tostring(err):gsub("[\r\n\t]+", " ")), "\n")
  end
  io.stdout:flush()
end
