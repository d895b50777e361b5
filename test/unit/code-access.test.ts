/**
 * Reading a bundle for the DynamoDB actions and S3 use its code can need (infra/constructs/code-access.ts),
 * on code shaped as the house build emits it: minified ESM with the SDK external.
 */
import { describe, expect, it } from 'vitest';
import { requireSdk } from '../../infra/constructs/bundles';
import { codeAccess } from '../../infra/constructs/code-access';

describe('codeAccess', () => {
  it('counts a command whose local name is used, and not one only imported by a module that was shaken out', () => {
    const code =
      'import{GetCommand as a,UpdateCommand as b}from"@aws-sdk/lib-dynamodb";' +
      'async function g(k){return(await c().send(new a({TableName:t(),Key:k}))).Item}export{g as handler};';
    expect(codeAccess([code])).toEqual({ table: ['dynamodb:GetItem'], buckets: 'none' });
  });

  it('counts a command imported twice under different names when either is used', () => {
    const code = 'import{QueryCommand as a}from"@aws-sdk/lib-dynamodb";import{QueryCommand as q}from"@aws-sdk/lib-dynamodb";send(new q({}));';
    expect(codeAccess([code]).table).toEqual(['dynamodb:Query']);
  });

  it('counts the kinds of item a bundle puts in its transactions, in whichever chunk they are built', () => {
    const sender = 'import{TransactWriteCommand as w}from"@aws-sdk/lib-dynamodb";export async function x(i){await c().send(new w({TransactItems:i}))}';
    const builder = 'export const p=(t,i)=>({Put:{TableName:t,Item:i}}),u=(t,k)=>({ConditionCheck:{TableName:t,Key:k}});';
    expect(codeAccess([sender, builder]).table).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:PutItem']);
    // Without a transaction sent, such objects are only data.
    expect(codeAccess([builder]).table).toEqual([]);
  });

  it('tells S3 reads from writes', () => {
    const reads = 'import{GetObjectCommand as g,PutObjectCommand as p}from"@aws-sdk/client-s3";s.send(new g({}));';
    const writes = 'import{CopyObjectCommand as c}from"@aws-sdk/client-s3";s.send(new c({}));';
    expect(codeAccess([reads]).buckets).toBe('read');
    expect(codeAccess([reads, writes]).buckets).toBe('readWrite');
  });

  it('counts every command of a client imported whole, which leaves nothing to read', () => {
    const code = 'import*as d from"@aws-sdk/lib-dynamodb";';
    expect(codeAccess([code]).table).toEqual(expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query']));
  });

  it('reads the SDK required as the house build emits it as it reads the imports', () => {
    const code = requireSdk('import{GetCommand as a,UpdateCommand as b}from"@aws-sdk/lib-dynamodb";send(new a({}));');
    expect(code).toContain('var{GetCommand:a,UpdateCommand:b}=require("@aws-sdk/lib-dynamodb");');
    expect(codeAccess([code]).table).toEqual(['dynamodb:GetItem']);
  });
});

describe('requireSdk', () => {
  it('destructures the same names from require, padded to the statement it replaces so the source map still holds', () => {
    const statement = 'import{DynamoDBClient as xf,GetCommand}from"@aws-sdk/client-dynamodb";';
    const code = `a();${statement}b();`;
    const rewritten = requireSdk(code);
    expect(rewritten).toHaveLength(code.length);
    expect(rewritten.indexOf('b();')).toBe(code.indexOf('b();'));
    expect(rewritten).toContain('var{DynamoDBClient:xf,GetCommand}=require("@aws-sdk/client-dynamodb");');
  });

  it('leaves default imports and other modules alone', () => {
    const code = 'import{default as d}from"@aws-sdk/client-s3";import{a as b}from"./chunk-X.mjs";import{z as y}from"zod";';
    expect(requireSdk(code)).toBe(code);
  });
});
