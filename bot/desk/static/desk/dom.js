// Building the console's elements; texts always go in as text, never as HTML.
export var $ = function (id) { return document.getElementById(id); };

export function el(tag, text, cls) {
  var node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

export function button(text, handler, cls) {
  var node = el("button", text, cls); node.type = "button";
  node.addEventListener("click", handler);
  return node;
}

export function addOptions(parent, names) {
  names.forEach(function (name) { var option = el("option", name); option.value = name; parent.appendChild(option); });
}
