/**
 * Field names are arbitrary template strings: Object.prototype's names (`__proto__` above all,
 * whose inherited setter swallows assignments) must decode, encode and print as own fields.
 */
export const PROTO_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
<template name="P" id="1">
  <uInt32 name="__proto__"><copy/></uInt32>
  <string name="constructor"><delta/></string>
  <int32 name="toString" presence="optional"/>
  <decimal name="hasOwnProperty"><copy/></decimal>
  <group name="valueOf" presence="optional"><uInt32 name="__proto__"/><string name="toString"/></group>
  <sequence name="isPrototypeOf"><length name="propertyIsEnumerable"/><int64 name="__proto__"><increment/></int64><byteVector name="constructor"/></sequence>
  <templateRef/>
</template>
<template name="Q" id="2">
  <uInt32 name="__proto__"/>
  <string name="toLocaleString"/>
</template>
<template name="R" id="3">
  <string name="constructor"/>
  <templateRef name="Q"/>
</template>
</templates>`;

/** Canonical messages whose objects hold these names as own properties (JSON.parse makes them). */
export const PROTO_MESSAGES_JSON = `[
  {"templateId":1,"fields":{"__proto__":"7","constructor":"AB","toString":"-3","hasOwnProperty":{"exponent":-2,"mantissa":"12345"},
   "valueOf":{"__proto__":"1","toString":"x"},
   "isPrototypeOf":[{"__proto__":"5","constructor":{"hex":"00ff"}},{"__proto__":"6","constructor":{"hex":""}}],
   "templateRef":{"templateId":2,"fields":{"__proto__":"9","toLocaleString":"q"}}}},
  {"templateId":1,"fields":{"__proto__":"7","constructor":"ABC","toString":null,"hasOwnProperty":{"exponent":-2,"mantissa":"12345"},
   "valueOf":null,"isPrototypeOf":[],
   "templateRef":{"templateId":3,"fields":{"constructor":"c","__proto__":"0","toLocaleString":""}}}},
  {"templateId":3,"fields":{"constructor":"","__proto__":"4294967295","toLocaleString":"z"}}
]`;
